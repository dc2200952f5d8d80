// A deliberate back-edge: the model stage reaching up into the engine.
// tests/layering/check.cmake compiles this with the model stage's include
// view and expects the compiler to refuse it.
#include "lint/engine/engine.h"
#include "lint/model/model.h"
