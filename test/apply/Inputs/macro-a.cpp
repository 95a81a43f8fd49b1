// Input of errors.test: one configuration of macro-options.h.
#define GELU_APPROX "tanh"
#include "model.h"
