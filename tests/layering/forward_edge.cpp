// The control for back_edge.cpp: what the model stage may include compiles
// with its view, so the refusal of back_edge.cpp is the layering's doing.
#include "lint/base/util.h"
#include "lint/model/model.h"
