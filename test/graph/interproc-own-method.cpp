// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module SelfAttention with qkv = Linear(in=32, out=96) and proj = Linear(in=32, out=32); forward calls the class's own private method attend(q, k, v) which the tool must inline: x -> qkv -> chunk(3, -1) into q, k, v -> attend: torch::matmul(q, k.transpose(-2, -1)) -> mul by scale (1/sqrt(32)) -> torch::softmax(dim=-1) -> torch::matmul(., v) -> proj -> return.
#include <torch/torch.h>

#include <cmath>

class SelfAttentionImpl : public torch::nn::Module {
public:
  explicit SelfAttentionImpl(int64_t dim)
      : scale_(1.0 / std::sqrt(static_cast<double>(dim))) {
    qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
    proj = register_module("proj", torch::nn::Linear(dim, dim));
  }

  torch::Tensor forward(const torch::Tensor &x) {
    auto parts = qkv(x).chunk(3, -1);
    auto y = attend(parts[0], parts[1], parts[2]);
    return proj(y);
  }

private:
  torch::Tensor attend(const torch::Tensor &q, const torch::Tensor &k,
                       const torch::Tensor &v) {
    auto scores = torch::matmul(q, k.transpose(-2, -1)) * scale_;
    auto weights = torch::softmax(scores, /*dim=*/-1);
    return torch::matmul(weights, v);
  }

  double scale_;
  torch::nn::Linear qkv{nullptr}, proj{nullptr};
};
TORCH_MODULE(SelfAttention);

int main() {
  SelfAttention attn(32);
  auto y = attn(torch::randn({2, 6, 32}));
  return y.size(2) == 32 ? 0 : 1;
}

// CHECK-LABEL:module SelfAttention {impl="SelfAttentionImpl"} @{{.*}}interproc-own-method.cpp:9:7
// CHECK-NEXT:  qkv = torch::nn::Linear(in_features=`dim`, out_features=`3 * dim`) {registered} @{{.*}}interproc-own-method.cpp:32:21
// CHECK-NEXT:  proj = torch::nn::Linear(in_features=`dim`, out_features=`dim`) {registered} @{{.*}}interproc-own-method.cpp:32:35
// CHECK-NEXT:  forward(%x) @{{.*}}interproc-own-method.cpp:17:17:
// CHECK-NEXT:    %0 = qkv(%x) @{{.*}}interproc-own-method.cpp:18:18
// CHECK-NEXT:    %1 = aten::chunk(%0, 3, -1) @{{.*}}interproc-own-method.cpp:18:25
// CHECK-NEXT:    %2 = prim::getitem(%1, 0) @{{.*}}interproc-own-method.cpp:19:21
// CHECK-NEXT:    %3 = prim::getitem(%1, 1) @{{.*}}interproc-own-method.cpp:19:31
// CHECK-NEXT:    %4 = prim::getitem(%1, 2) @{{.*}}interproc-own-method.cpp:19:41
// CHECK-NEXT:    %10 = inline attend(%2, %3, %4) {scope="SelfAttention::attend", def="{{.*}}interproc-own-method.cpp:24"} @{{.*}}interproc-own-method.cpp:19:14:
// CHECK-NEXT:      %5 = aten::transpose(%3, -2, -1) @{{.*}}interproc-own-method.cpp:26:38
// CHECK-NEXT:      %6 = aten::matmul(%2, %5) @{{.*}}interproc-own-method.cpp:26:19
// CHECK-NEXT:      %7 = aten::mul(%6, `scale_`) @{{.*}}interproc-own-method.cpp:26:57
// CHECK-NEXT:      %8 = aten::softmax(%7, -1) @{{.*}}interproc-own-method.cpp:27:20
// CHECK-NEXT:      %9 = aten::matmul(%8, %4) @{{.*}}interproc-own-method.cpp:28:12
// CHECK-NEXT:      yield %9 @{{.*}}interproc-own-method.cpp:29:3
// CHECK-NEXT:    %11 = proj(%10) @{{.*}}interproc-own-method.cpp:20:12
// CHECK-NEXT:    return %11 @{{.*}}interproc-own-method.cpp:20:5
// CHECK-NEXT:  attend(%q, %k, %v) @{{.*}}interproc-own-method.cpp:24:17:
// CHECK-NEXT:    %0 = aten::transpose(%k, -2, -1) @{{.*}}interproc-own-method.cpp:26:38
// CHECK-NEXT:    %1 = aten::matmul(%q, %0) @{{.*}}interproc-own-method.cpp:26:19
// CHECK-NEXT:    %2 = aten::mul(%1, `scale_`) @{{.*}}interproc-own-method.cpp:26:57
// CHECK-NEXT:    %3 = aten::softmax(%2, -1) @{{.*}}interproc-own-method.cpp:27:20
// CHECK-NEXT:    %4 = aten::matmul(%3, %v) @{{.*}}interproc-own-method.cpp:28:12
// CHECK-NEXT:    return %4 @{{.*}}interproc-own-method.cpp:28:5
