#include "act.h"

BlockImpl::BlockImpl() {
  fc = register_module("fc", torch::nn::Linear(8, 8));
  fc2 = register_module("fc2", torch::nn::Linear(8, 8));
  act = register_module("act", Act());
  act2 = register_module("act2", TanhAct());
}

torch::Tensor BlockImpl::forward(torch::Tensor x) { return act2(fc2(act(fc(x)))); }
