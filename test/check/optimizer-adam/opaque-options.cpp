// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 3
//
// Options that the code passes as an object it does not spell out here (a
// parameter, a function's result) may set amsgrad: the optimizer is
// reported, but not fixable (it used to count as "amsgrad absent"). Options
// built in place are read as usual.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(16, 4)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

torch::optim::AdamOptions ams_options(double lr) {
  return torch::optim::AdamOptions(lr).amsgrad(true);
}

void fit(Net &net, const torch::optim::AdamOptions &opts) {
  torch::optim::Adam opt(net->parameters(), opts);
  opt.step();
}

int main() {
  Net net;
  torch::optim::Adam from_call(net->parameters(), ams_options(1e-3));
  torch::optim::Adam literal(net->parameters(), torch::optim::AdamOptions(1e-3));
  fit(net, torch::optim::AdamOptions(1e-3).amsgrad(true));
  from_call.step();
  literal.step();
  return 0;
}
// CHECK: {{.*}}opaque-options.cpp:24:22: warning: {{.*}} [adopter-optimizer-adam]
// CHECK: {{.*}}opaque-options.cpp:24:22: note: not fixable: cannot prove '!defined($amsgrad) || $amsgrad == false' from the source (a value only known at run time)
// CHECK: {{.*}}opaque-options.cpp:30:22: warning: {{.*}} [adopter-optimizer-adam]
// CHECK: {{.*}}opaque-options.cpp:30:22: note: not fixable: cannot prove '!defined($amsgrad) || $amsgrad == false' from the source (a value only known at run time)
// CHECK: {{.*}}opaque-options.cpp:31:22: warning: {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
