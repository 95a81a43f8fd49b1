// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags > %t.explain
// RUN: FileCheck --match-full-lines --check-prefix=EXPLAIN %s < %t.explain
//
// LayerNorm over the last dim written out, in the spellings real code uses:
// the OpenAI GPT / BERT-TF LayerNorm with `(x - u)` written twice and
// weight * x + bias, var(unbiased=false) with rsqrt and no affine, x - mean
// kept in a variable with c * c and a weight only, torch::square with
// torch::mean, and a method chain. --explain shows that rmsnorm-manual, which
// matches the tail of the same ops on (x - u), loses to layernorm-manual.
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

struct GroupHeadNormImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor out) {
    auto mean = out.mean(-1, /*keepdim=*/true);
    auto var = out.var(-1, /*unbiased=*/false, /*keepdim=*/true);
    return (out - mean) * torch::rsqrt(var + 1e-5);
  }
};
TORCH_MODULE(GroupHeadNorm);

struct ScaleOnlyNormImpl : torch::nn::Module {
  ScaleOnlyNormImpl() { gamma = register_parameter("gamma", torch::ones({16})); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto centered = x - torch::mean(x, {-1}, true);
    auto var = (centered * centered).mean(-1, true);
    auto a = centered / torch::sqrt(var + 1e-6) * gamma;
    auto cy = y - y.mean(-1, true);
    auto b = cy * torch::rsqrt(torch::mean(torch::square(cy), -1, true) + 1e-6);
    return a + b;
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

// CHECK:{{.*}}positive.cpp:20:16: warning: this is LayerNorm over the last dimension written out op by op; one fused kernel computes it in a single pass (adopter::ops::layer_norm) [adopter-layernorm-manual]
// CHECK-NEXT:    auto u = x.mean(-1, true);
// CHECK-NEXT:               ^
// CHECK-NEXT:{{.*}}positive.cpp:21:17: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:21:22: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:21:29: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:22:12: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:22:33: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:22:19: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:22:17: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:23:19: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:23:23: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:32:21: warning: this is LayerNorm {{.*}} [adopter-layernorm-manual]
// CHECK:{{.*}}positive.cpp:33:20: note: 'aten::var' is part of the chain
// CHECK:{{.*}}positive.cpp:34:17: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:34:44: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:34:27: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:34:25: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:42:25: warning: this is LayerNorm {{.*}} [adopter-layernorm-manual]
// CHECK:{{.*}}positive.cpp:42:23: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:43:26: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:43:38: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:44:41: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:44:25: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:44:23: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:44:49: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:45:21: warning: this is LayerNorm {{.*}} [adopter-layernorm-manual]
// CHECK:{{.*}}positive.cpp:45:17: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:46:44: note: 'aten::square' is part of the chain
// CHECK:{{.*}}positive.cpp:46:32: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:46:73: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:46:19: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:46:17: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:59:22: warning: this is LayerNorm {{.*}} [adopter-layernorm-manual]
// CHECK:{{.*}}positive.cpp:59:16: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:60:20: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:60:27: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:60:42: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:60:52: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:60:14: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:60:60: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:60:67: note: 'aten::add' is part of the chain
// CHECK-NOT: warning

// EXPLAIN:{{.*}}positive.cpp:20:16: warning: this is LayerNorm {{.*}} [adopter-layernorm-manual]
// EXPLAIN:{{.*}}positive.cpp:20:16: note: selected: score 4.44 = 10 ops x (1 - 1/1.80), part of the best non-overlapping set of 2 overlapping candidates
// EXPLAIN:{{.*}}positive.cpp:21:22: remark: this is RMSNorm over the last dimension written out op by op; one fused kernel computes it in a single pass (adopter::ops::rms_norm) [adopter-rmsnorm-manual]
// EXPLAIN:{{.*}}positive.cpp:21:22: note: rejected: score 2.67 = 6 ops x (1 - 1/1.80); it overlaps layernorm-manual at {{.*}}positive.cpp:20:16 (score 4.44), part of the non-overlapping set with the largest total
