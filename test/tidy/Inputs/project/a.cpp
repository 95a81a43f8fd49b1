#include "model.h"

Ffn makeFfn() { return Ffn(16, 64); }
