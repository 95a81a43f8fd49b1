#include "model.h"

Ffn makeB() { return Ffn(16, 64); }
