// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 3
//
// Conv -> BatchNorm in Sequentials built by factory functions, analyzed where
// they are built (the module that receives them cannot see their elements):
// a Sequential returned from its return statement; one filled by push_back
// (the Conv2d built once as a local, reported at that construction)
// in a loop under an unknown `if`/`else` (like torchvision's VGG
// make_layers): the BatchNorm branch is a chain, the other branch (Conv ->
// ReLU) is not, and the two branches never chain into each other. A factory
// whose Sequential a module also calls is reported once.
#include <torch/torch.h>

namespace nn = torch::nn;

nn::Sequential downsample(int64_t in, int64_t out) {
  return nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(2).bias(false)),
                        nn::BatchNorm2d(out));
}

nn::Sequential features(const std::vector<int64_t> &cfg, bool batch_norm) {
  nn::Sequential layers;
  int64_t in = 3;
  for (int64_t v : cfg) {
    auto conv = nn::Conv2d(nn::Conv2dOptions(in, v, 3).padding(1));
    if (batch_norm) {
      layers->push_back(conv);
      layers->push_back(nn::BatchNorm2d(v));
      layers->push_back(nn::ReLU());
    } else {
      layers->push_back(conv);
      layers->push_back(nn::ReLU());
    }
    in = v;
  }
  return layers;
}

nn::Sequential head(int64_t c) {
  nn::Sequential s(nn::Conv2d(nn::Conv2dOptions(c, c, 1).bias(false)), nn::BatchNorm2d(c));
  return s;
}

struct NetImpl : nn::Module {
  NetImpl() { h = register_module("h", head(16)); }
  torch::Tensor forward(torch::Tensor x) { return h->forward(x); }
  nn::Sequential h{nullptr};
};
TORCH_MODULE(Net);

// CHECK:{{.*}}factory.cpp:19:25: warning: convolution 'returned.0' followed by BatchNorm 'returned.1' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}factory.cpp:20:25: note: 'returned.1' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}factory.cpp:27:10: warning: convolution 'layers.*0' followed by BatchNorm 'layers.*1' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}factory.cpp:30:25: note: 'layers.*1' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}factory.cpp:31:25: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}factory.cpp:42:20: warning: convolution 'h.0' followed by BatchNorm 'h.1' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}factory.cpp:42:72: note: 'h.1' (torch::nn::BatchNorm2d) is part of the chain
// CHECK-NOT: warning
