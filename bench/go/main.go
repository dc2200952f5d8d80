// Command benchgo is the Go half of nsclint's large-store benchmark (see
// bench/README.md). It is built with the official nats-io/jwt v2 (v2.8.3, module mode: go.mod) and
// nkeys, the libraries nsc itself uses.
//
//	benchgo gen -jwts N -out DIR   write an nsc store of about N JWTs into DIR
//	benchgo gen -edit ...          the same store after a change (bench/diff.sh)
//	benchgo validate DIR           the Go peer: decode (which verifies the
//	                               signature) and Validate every .jwt under DIR,
//	                               one after the other, like `nsc validate`
//
// The store is deterministic: keys come from fixed labels, times are fixed
// and tokens are signed here (the library's Encode stamps iat with the wall
// clock), so two runs write byte-identical files.
package main

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	jwt "github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchgo:", err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "gen":
		fs := flag.NewFlagSet("gen", flag.ExitOnError)
		n := fs.Int("jwts", 10000, "approximate number of JWTs to write")
		out := fs.String("out", "", "store root to create (must not exist)")
		fs.BoolVar(&edit, "edit", false, "the same store after a change (bench/diff.sh): every 100th user may publish to >, every 10th account's api export is public")
		must(fs.Parse(os.Args[2:]))
		if *out == "" {
			usage()
		}
		gen(*n, *out)
	case "validate":
		if len(os.Args) != 3 {
			usage()
		}
		validate(os.Args[2])
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: benchgo gen -jwts N -out DIR | benchgo validate DIR")
	os.Exit(2)
}

// ---------------------------------------------------------------- keys and signing

// edit: gen writes the store after a change (bench/diff.sh).
var edit bool

var (
	iat      = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	userExp  = time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC).Unix()
	revokeAt = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Unix()
)

type key struct {
	kp  nkeys.KeyPair
	pub string
}

// newKey derives a key from a label: raw seed = sha256("nsclint-bench/"+label).
func newKey(prefix nkeys.PrefixByte, label string) key {
	raw := sha256.Sum256([]byte("nsclint-bench/" + label))
	kp, err := nkeys.FromRawSeed(prefix, raw[:])
	must(err)
	pub, err := kp.PublicKey()
	must(err)
	return key{kp, pub}
}

const header = `{"typ":"JWT","alg":"ed25519-nkey"}`

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func marshal(v interface{}) []byte {
	b, err := json.Marshal(v)
	must(err)
	return b
}

// encode signs claims like the library's Encode, keeping the fixed iat:
// iss, type and version filled in, jti = base32(SHA-512/256(claims data)).
func encode(c interface{}, cd *jwt.ClaimsData, signer key) string {
	if cd.Issuer == "" {
		cd.Issuer = signer.pub
	}
	cd.ID = ""
	h := sha512.Sum512_256(marshal(cd))
	cd.ID = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h[:])
	toSign := b64([]byte(header)) + "." + b64(marshal(c))
	sig, err := signer.kp.Sign([]byte(toSign))
	must(err)
	return toSign + "." + b64(sig)
}

// ---------------------------------------------------------------- the store

// Shape (for N JWTs): one operator with a signing key; A = max(10, N/1000)
// accounts (the first is SYS), each with two signing keys, a public stream
// export and a private service export, importing the stream of the next
// account and the service of the one after (with an activation token);
// M = (N-1-A)/A users per account, half signed by a signing key, a third
// with an expiry, permissions on their own subjects, and the account revokes
// five of them.
func gen(n int, out string) {
	if _, err := os.Stat(out); err == nil {
		must(fmt.Errorf("%s exists", out))
	}
	accounts := n / 1000
	if accounts < 10 {
		accounts = 10
	}
	perAccount := (n - 1 - accounts) / accounts
	if perAccount < 1 {
		perAccount = 1
	}
	opName := "BENCH"
	opDir := filepath.Join(out, opName)
	must(os.MkdirAll(opDir, 0o755))
	must(os.WriteFile(filepath.Join(opDir, ".nsc"),
		[]byte(`{"managed":false,"name":"BENCH","kind":"operator","version":"1"}`), 0o644))

	op := newKey(nkeys.PrefixByteOperator, "operator")
	opSK := newKey(nkeys.PrefixByteOperator, "operator/sk")
	names := make([]string, accounts)
	keys := make([]key, accounts)
	for i := range names {
		if i == 0 {
			names[i] = "SYS"
		} else {
			names[i] = fmt.Sprintf("A%05d", i)
		}
		keys[i] = newKey(nkeys.PrefixByteAccount, "account/"+names[i])
	}

	var wg sync.WaitGroup
	next := make(chan int)
	written := make([]int, accounts)
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				written[i] = genAccount(opDir, i, names, keys, opSK, perAccount)
			}
		}()
	}
	for i := 0; i < accounts; i++ {
		next <- i
	}
	close(next)
	wg.Wait()

	oc := jwt.NewOperatorClaims(op.pub)
	oc.Name = opName
	oc.IssuedAt = iat
	oc.SigningKeys.Add(opSK.pub)
	oc.SystemAccount = keys[0].pub
	oc.Type, oc.Version = jwt.OperatorClaim, 2
	must(os.WriteFile(filepath.Join(opDir, opName+".jwt"), []byte(encode(oc, &oc.ClaimsData, op)), 0o644))

	total := 1
	for _, w := range written {
		total += w
	}
	fmt.Printf("wrote %d JWTs (1 operator, %d accounts, %d users each) under %s\n",
		total, accounts, perAccount, out)
}

// genAccount writes one account folder and returns the number of JWTs written.
func genAccount(opDir string, i int, names []string, keys []key, opSK key, perAccount int) int {
	name := names[i]
	ak := keys[i]
	sk1 := newKey(nkeys.PrefixByteAccount, "account/"+name+"/sk1")
	sk2 := newKey(nkeys.PrefixByteAccount, "account/"+name+"/sk2")
	ac := jwt.NewAccountClaims(ak.pub)
	ac.Name = name
	ac.IssuedAt = iat
	ac.Type, ac.Version = jwt.AccountClaim, 2
	ac.SigningKeys.Add(sk1.pub) // two plain keys: one list entry each
	ac.SigningKeys.Add(sk2.pub)
	ac.Limits.Conn = -1
	ac.Limits.Subs = -1
	ac.Limits.Data = -1
	ac.Limits.Payload = -1
	ac.Limits.Imports = -1
	ac.Limits.Exports = -1
	ac.Limits.WildcardExports = true
	lower := strings.ToLower(name)
	ac.Exports.Add(
		&jwt.Export{Name: "events", Subject: jwt.Subject(lower + ".events.>"), Type: jwt.Stream},
		&jwt.Export{Name: "api", Subject: jwt.Subject(lower + ".api.>"), Type: jwt.Service, TokenReq: !(edit && i%10 == 0)})
	n := len(names)
	streamFrom, serviceFrom := (i+1)%n, (i+2)%n
	ac.Imports.Add(&jwt.Import{
		Name: "events", Type: jwt.Stream, Account: keys[streamFrom].pub,
		Subject:      jwt.Subject(strings.ToLower(names[streamFrom]) + ".events.>"),
		LocalSubject: jwt.RenamingSubject("in." + strings.ToLower(names[streamFrom]) + ".>"),
	})
	svc := strings.ToLower(names[serviceFrom]) + ".api.>"
	act := jwt.NewActivationClaims(ak.pub)
	act.Name = "api"
	act.IssuedAt = iat
	act.Expires = userExp
	act.ImportSubject = jwt.Subject(svc)
	act.ImportType = jwt.Service
	act.Type, act.Version = jwt.ActivationClaim, 2
	ac.Imports.Add(&jwt.Import{
		Name: "api", Type: jwt.Service, Account: keys[serviceFrom].pub,
		Subject: jwt.Subject(svc), Token: encode(act, &act.ClaimsData, keys[serviceFrom]),
	})
	sort.Sort(ac.Exports)
	sort.Sort(ac.Imports)

	usersDir := filepath.Join(opDir, "accounts", name, "users")
	must(os.MkdirAll(usersDir, 0o755))
	for u := 0; u < perAccount; u++ {
		uname := fmt.Sprintf("u%06d", u)
		uk := newKey(nkeys.PrefixByteUser, "user/"+name+"/"+uname)
		uc := jwt.NewUserClaims(uk.pub)
		uc.Name = uname
		uc.IssuedAt = iat
		uc.Type, uc.Version = jwt.UserClaim, 2
		if u%3 == 0 {
			uc.Expires = userExp
		}
		own := lower + "." + uname
		uc.Pub.Allow.Add(own+".>", lower+".api.>")
		if edit && u%100 == 0 {
			uc.Pub.Allow.Add(">")
		}
		uc.Sub.Allow.Add(own+".>", "_INBOX.>", "in.>")
		signer := ak
		if u%2 == 0 {
			signer = sk1
			uc.IssuerAccount = ak.pub
		}
		if u < 5 && u < perAccount-1 {
			if ac.Revocations == nil {
				ac.Revocations = jwt.RevocationList{}
			}
			ac.Revocations.Revoke(uk.pub, time.Unix(revokeAt, 0))
		}
		must(os.WriteFile(filepath.Join(usersDir, uname+".jwt"), []byte(encode(uc, &uc.ClaimsData, signer)), 0o644))
	}
	tok := encode(ac, &ac.ClaimsData, opSK)
	must(os.WriteFile(filepath.Join(opDir, "accounts", name, name+".jwt"), []byte(tok), 0o644))
	return perAccount + 1
}

// ---------------------------------------------------------------- the Go peer

// validate is the reference loop: every .jwt under dir, read, jwt.Decode
// (parses and verifies the ed25519 signature) and Validate, sequentially.
func validate(dir string) {
	start := time.Now()
	var files, valid, issues int
	must(filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		must(err)
		if info.IsDir() || !strings.HasSuffix(p, ".jwt") {
			return nil
		}
		files++
		data, err := os.ReadFile(p)
		must(err)
		c, err := jwt.Decode(strings.TrimSpace(string(data)))
		if err != nil {
			issues++
			return nil
		}
		var vr jwt.ValidationResults
		c.Validate(&vr)
		if vr.IsBlocking(true) {
			issues++
			return nil
		}
		valid++
		return nil
	}))
	fmt.Printf("go-peer files=%d valid=%d issues=%d seconds=%.3f\n",
		files, valid, issues, time.Since(start).Seconds())
}
