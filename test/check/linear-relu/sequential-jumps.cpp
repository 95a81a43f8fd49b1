// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 2
//
// Sequential elements appended in code that jumps. A `continue` between the
// Linear and the ReLU, with a run-time condition, leaves the ReLU out of
// some iterations, where the Linear is followed by the next Linear: no
// chain. A switch appends one activation or the other, never both: no
// chain across it. Guards that throw (TORCH_CHECK, `if (...) throw`) build
// no module on their path, so the chain after them is reported; so is the
// chain after an early `return`, under the condition that passes it.
#include <torch/torch.h>
#include <stdexcept>

struct NetImpl : torch::nn::Module {
  NetImpl(int skip, int act, bool head, int width) {
    TORCH_CHECK(width > 0, "width must be positive");
    if (width > 4096)
      throw std::invalid_argument("width too large");
    for (int i = 0; i < 3; ++i) {
      skipped->push_back(torch::nn::Linear(width, width));
      if (i == skip)
        continue;
      skipped->push_back(torch::nn::ReLU());
    }
    picked->push_back(torch::nn::Linear(width, width));
    switch (act) {
    case 0:
      picked->push_back(torch::nn::ReLU());
      break;
    default:
      picked->push_back(torch::nn::Tanh());
      break;
    }
    guarded->push_back(torch::nn::Linear(width, width));
    guarded->push_back(torch::nn::ReLU());
    register_module("skipped", skipped);
    register_module("picked", picked);
    register_module("guarded", guarded);
    register_module("tail", tail);
    if (!head)
      return;
    tail->push_back(torch::nn::Linear(width, width));
    tail->push_back(torch::nn::ReLU());
  }

  torch::Tensor forward(torch::Tensor x) {
    x = picked->forward(skipped->forward(x));
    return tail->forward(guarded->forward(x));
  }

  torch::nn::Sequential skipped, picked, guarded, tail;
};
TORCH_MODULE(Net);

// CHECK:{{.*}}sequential-jumps.cpp:36:24: warning: Linear 'guarded.0' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential-jumps.cpp:37:24: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential-jumps.cpp:44:21: warning: Linear 'tail.*0' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential-jumps.cpp:45:21: note: 'aten::relu' is part of the chain
// CHECK-NOT: warning
