#include "model.h"

torch::Tensor runHead(Head &H, const torch::Tensor &X) { return H(X); }
