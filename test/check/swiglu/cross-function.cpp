// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// swiglu across functions: the gate Linear inside a small user module, the
// gate activation in an own method (fixable: one caller), and a packed
// projection that normalises its input inside a method with two callers (the
// chain's input is made inside it: not fixable).
#include <torch/torch.h>

struct ProjImpl : torch::nn::Module {
  ProjImpl(int64_t i, int64_t o) { fc = register_module("fc", torch::nn::Linear(i, o)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Proj);

struct GatedImpl : torch::nn::Module {
  GatedImpl() {
    gate = register_module("gate", Proj(64, 256));
    up = register_module("up", torch::nn::Linear(64, 256));
  }
  torch::Tensor forward(torch::Tensor x) { return torch::silu(gate(x)) * up(x); }
  Proj gate{nullptr};
  torch::nn::Linear up{nullptr};
};

struct MethodGateImpl : torch::nn::Module {
  MethodGateImpl() {
    w1 = register_module("w1", torch::nn::Linear(64, 256));
    w3 = register_module("w3", torch::nn::Linear(64, 256));
  }
  torch::Tensor gated(torch::Tensor x) { return torch::silu(w1(x)); }
  torch::Tensor forward(torch::Tensor x) { return gated(x) * w3(x); }
  torch::nn::Linear w1{nullptr}, w3{nullptr};
};

struct PreNormPackedImpl : torch::nn::Module {
  PreNormPackedImpl() {
    ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({64})));
    w12 = register_module("w12", torch::nn::Linear(64, 512));
  }
  torch::Tensor packed(torch::Tensor x) { return w12(ln(x)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor ctx) {
    auto p = packed(x).chunk(2, -1);
    auto y = torch::silu(p[0]) * p[1];
    return y + packed(ctx).mean(-1, /*keepdim=*/true);
  }
  torch::nn::LayerNorm ln{nullptr};
  torch::nn::Linear w12{nullptr};
};

// CHECK:{{.*}}cross-function.cpp:22:63: warning: silu(gate(x)) * up(x) {{.*}} [adopter-swiglu]
// CHECK-NEXT:  torch::Tensor forward(torch::Tensor x) { return torch::silu(gate(x)) * up(x); }
// CHECK-NEXT:                                                              ^
// CHECK-NEXT:{{.*}}cross-function.cpp:12:51: note: 'gate.fc' (torch::nn::Linear) is part of the chain, inside 'Proj::forward'
// CHECK:{{.*}}cross-function.cpp:22:51: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:74: note: 'up' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:72: note: 'aten::mul' is part of the chain
// CHECK-NOT:{{.*}}note: not fixable{{.*}}
// CHECK:{{.*}}cross-function.cpp:33:51: warning: silu(gate(x)) * up(x) {{.*}} [adopter-swiglu]
// CHECK:{{.*}}cross-function.cpp:32:61: note: 'w1' (torch::nn::Linear) is part of the chain, inside 'MethodGateImpl::gated'
// CHECK:{{.*}}cross-function.cpp:32:49: note: 'aten::silu' is part of the chain, inside 'MethodGateImpl::gated'
// CHECK:{{.*}}cross-function.cpp:33:62: note: 'w3' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}cross-function.cpp:33:60: note: 'aten::mul' is part of the chain
// CHECK-NOT:{{.*}}note: not fixable{{.*}}
// CHECK:{{.*}}cross-function.cpp:44:14: warning: silu(gate(x)) * up(x) {{.*}} [adopter-swiglu]
// CHECK:{{.*}}cross-function.cpp:42:50: note: 'w12' (torch::nn::Linear) is part of the chain, inside 'PreNormPackedImpl::packed'
// CHECK:{{.*}}cross-function.cpp:44:24: note: 'aten::chunk' is part of the chain
// CHECK:{{.*}}cross-function.cpp:45:26: note: 'prim::getitem' is part of the chain
// CHECK:{{.*}}cross-function.cpp:45:14: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}cross-function.cpp:45:34: note: 'prim::getitem' is part of the chain
// CHECK:{{.*}}cross-function.cpp:45:32: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:44:14: note: not fixable: the chain continues inside 'PreNormPackedImpl::packed', which is called from 2 places ({{.*}}cross-function.cpp:44:14, {{.*}}cross-function.cpp:46:16); rewriting it would change the other callers
// CHECK-NOT: warning
