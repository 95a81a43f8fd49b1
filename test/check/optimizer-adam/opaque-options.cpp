// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 3
//
// Options that the code passes as an object it does not spell out here (a
// parameter, the result of a function that does more than return them) may
// set amsgrad: the optimizer is reported, but not fixable (it used to count
// as "amsgrad absent"). Options built in place, or by a helper that only
// returns them, are read as usual: ams_options sets amsgrad, so that
// optimizer is not reported at all.
#include <torch/torch.h>

#include <cstdio>

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(16, 4)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

torch::optim::AdamOptions ams_options(double lr) {
  return torch::optim::AdamOptions(lr).amsgrad(true);
}

torch::optim::AdamOptions logged_options(double lr) {
  std::printf("lr %g\n", lr);
  return torch::optim::AdamOptions(lr);
}

void fit(Net &net, const torch::optim::AdamOptions &opts) {
  torch::optim::Adam opt(net->parameters(), opts);
  opt.step();
}

int main() {
  Net net;
  torch::optim::Adam from_call(net->parameters(), ams_options(1e-3));
  torch::optim::Adam logged(net->parameters(), logged_options(1e-3));
  torch::optim::Adam literal(net->parameters(), torch::optim::AdamOptions(1e-3));
  fit(net, torch::optim::AdamOptions(1e-3).amsgrad(true));
  from_call.step();
  logged.step();
  literal.step();
  return 0;
}
// CHECK: {{.*}}opaque-options.cpp:33:22: warning: {{.*}} [adopter-optimizer-adam]
// CHECK: {{.*}}opaque-options.cpp:33:22: note: not fixable: cannot prove '!defined($amsgrad) || $amsgrad == false' from the source (a value only known at run time)
// CHECK-NOT: opaque-options.cpp:39:22
// CHECK: {{.*}}opaque-options.cpp:40:22: warning: {{.*}} [adopter-optimizer-adam]
// CHECK: {{.*}}opaque-options.cpp:40:22: note: not fixable: cannot prove '!defined($amsgrad) || $amsgrad == false' from the source (a value only known at run time)
// CHECK: {{.*}}opaque-options.cpp:41:22: warning: {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
