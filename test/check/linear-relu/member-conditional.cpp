// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 2
//
// A member assigned different modules on the two paths of an `if` holds
// one known only at run time: 'act' is a GELU or a ReLU, so fc -> act is
// no Linear -> ReLU chain (nor Linear -> GELU); 'swap' is a ReLU unless
// `tanh`, also no chain. 'both' holds a ReLU on every path (the control);
// 'wide' is a Linear of either width, followed by a ReLU: still a chain.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl(bool gelu, bool tanh, bool big) {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    if (gelu)
      act = torch::nn::AnyModule(torch::nn::GELU());
    else
      act = torch::nn::AnyModule(torch::nn::ReLU());
    register_module("act", act.ptr());
    swap = torch::nn::AnyModule(torch::nn::ReLU());
    if (tanh)
      swap = torch::nn::AnyModule(torch::nn::Tanh());
    register_module("swap", swap.ptr());
    if (big)
      both = torch::nn::AnyModule(torch::nn::ReLU());
    else
      both = torch::nn::AnyModule(torch::nn::ReLU());
    register_module("both", both.ptr());
    if (big)
      wide = register_module("wide", torch::nn::Linear(8, 16));
    else
      wide = register_module("wide", torch::nn::Linear(8, 8));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = act.forward(fc(x));
    x = swap.forward(fc(x));
    x = both.forward(fc(x));
    return torch::relu(wide(x));
  }

  torch::nn::Linear fc{nullptr}, wide{nullptr};
  torch::nn::AnyModule act, swap, both;
};
TORCH_MODULE(Net);

// CHECK:{{.*}}member-conditional.cpp:39:22: warning: Linear 'fc' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}member-conditional.cpp:40:24: warning: Linear 'wide' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK-NOT: warning
