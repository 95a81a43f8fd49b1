// RUN: %adopter check --packs torch-builtin %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: %adopter check --packs torch-builtin --torch-version 2.4 --explain %s -- %torch_flags > %t.explain
// RUN: FileCheck --match-full-lines --check-prefix=EXPLAIN %s < %t.explain
//
// LayerNorm over the last dim written out, in the spellings real code uses,
// reported by the torch-builtin pack (replacement: torch::layer_norm): the
// BERT-TF LayerNorm with `(x - u)` written twice and weight * x + bias;
// var(unbiased=false) with rsqrt and no affine (a per-head norm); x - mean
// kept in a variable, torch::square, mean over {-1} and a weight only; a
// method chain; and DiT's adaptive LayerNorm, where the chain ends before the
// modulation because the scale is an argument, not a parameter. --explain
// with LibTorch 2.4 shows that builtin-rms-norm, which matches the tail of the
// same ops on (x - u), loses to builtin-layer-norm.
#include <torch/torch.h>

struct BertLayerNormImpl : torch::nn::Module {
  BertLayerNormImpl(int64_t hidden, double eps) : variance_epsilon(eps) {
    weight = register_parameter("weight", torch::ones({hidden}));
    bias = register_parameter("bias", torch::zeros({hidden}));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto u = x.mean(-1, true);
    auto s = (x - u).pow(2).mean(-1, true);
    x = (x - u) / torch::sqrt(s + variance_epsilon);
    return weight * x + bias;
  }
  torch::Tensor weight, bias;
  double variance_epsilon;
};
TORCH_MODULE(BertLayerNorm);

struct HeadNormImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor attn_out) {
    auto mean = attn_out.mean(-1, /*keepdim=*/true);
    auto var = attn_out.var(-1, /*unbiased=*/false, /*keepdim=*/true);
    return (attn_out - mean) * torch::rsqrt(var + 1e-5);
  }
};
TORCH_MODULE(HeadNorm);

struct ScaleOnlyNormImpl : torch::nn::Module {
  ScaleOnlyNormImpl() { gamma = register_parameter("gamma", torch::ones({16})); }
  torch::Tensor forward(torch::Tensor x) {
    auto centered = x - torch::mean(x, {-1}, true);
    auto var = torch::mean(torch::square(centered), {-1}, true);
    return centered / torch::sqrt(var + 1e-6) * gamma;
  }
  torch::Tensor gamma;
};
TORCH_MODULE(ScaleOnlyNorm);

struct ChainNormImpl : torch::nn::Module {
  ChainNormImpl() {
    w = register_parameter("w", torch::ones({16}));
    b = register_parameter("b", torch::zeros({16}));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto c = x.sub(x.mean(-1, true));
    return c.div(c.pow(2).mean(-1, true).add(1e-5).sqrt()).mul(w).add(b);
  }
  torch::Tensor w, b;
};
TORCH_MODULE(ChainNorm);

struct AdaLNImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor shift, torch::Tensor scale) {
    auto c = x - x.mean(-1, true);
    auto n = c * torch::rsqrt((c * c).mean(-1, true) + 1e-6);
    return n * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1);
  }
};
TORCH_MODULE(AdaLN);

// CHECK:{{.*}}positive.cpp:23:16: warning: this is LayerNorm over the last dimension written out op by op; LibTorch's torch::layer_norm computes it in one fused pass [adopter-builtin-layer-norm]
// CHECK-NEXT:    auto u = x.mean(-1, true);
// CHECK-NEXT:               ^
// CHECK-NEXT:{{.*}}positive.cpp:24:17: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:24:22: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:24:29: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:25:12: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:25:33: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:25:19: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:25:17: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:26:19: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:26:23: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:35:26: warning: this is LayerNorm {{.*}} [adopter-builtin-layer-norm]
// CHECK:{{.*}}positive.cpp:36:25: note: 'aten::var' is part of the chain
// CHECK:{{.*}}positive.cpp:37:22: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:37:49: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:37:32: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:37:30: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:45:25: warning: this is LayerNorm {{.*}} [adopter-builtin-layer-norm]
// CHECK:{{.*}}positive.cpp:45:23: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:46:28: note: 'aten::square' is part of the chain
// CHECK:{{.*}}positive.cpp:46:16: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:47:39: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:47:23: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:47:21: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:47:47: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:59:22: warning: this is LayerNorm {{.*}} [adopter-builtin-layer-norm]
// CHECK:{{.*}}positive.cpp:59:16: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:60:20: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:60:27: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:60:42: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:60:52: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:60:14: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:60:60: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:60:67: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:68:20: warning: this is LayerNorm {{.*}} [adopter-builtin-layer-norm]
// CHECK:{{.*}}positive.cpp:68:16: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:69:34: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:69:39: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:69:54: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:69:18: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:69:16: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning

// EXPLAIN:{{.*}}positive.cpp:23:16: warning: this is LayerNorm {{.*}} [adopter-builtin-layer-norm]
// EXPLAIN:{{.*}}positive.cpp:23:16: note: selected: score 3.33 = 10 ops x (1 - 1/1.50), part of the best non-overlapping set of 2 overlapping candidates
// EXPLAIN:{{.*}}positive.cpp:24:22: remark: this is RMSNorm written out op by op; LibTorch 2.4's torch::rms_norm computes it in one pass [adopter-builtin-rms-norm]
// EXPLAIN:{{.*}}positive.cpp:24:22: note: rejected: score 1.71 = 6 ops x (1 - 1/1.40); it overlaps builtin-layer-norm at {{.*}}positive.cpp:23:16 (score 3.33), part of the non-overlapping set with the largest total
