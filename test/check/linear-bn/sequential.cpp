// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 4
//
// Linear -> BatchNorm1d (-> ReLU) among a torch::nn::Sequential's elements,
// reported at the first element's construction: a literal, and push_back.
// At the boundary: the Sequential ends with a Linear and the caller applies
// the BatchNorm1d; the chain starts inside the Sequential and is reported at
// its call.
// Linear, ReLU, BatchNorm1d is a linear-relu site (the ReLU is in between),
// and Linear, Dropout, BatchNorm1d no chain.
#include <torch/torch.h>

struct TabularMLPImpl : torch::nn::Module {
  explicit TabularMLPImpl(int64_t n_features) {
    stem = register_module("stem", torch::nn::Sequential(torch::nn::Linear(n_features, 128),
                                                         torch::nn::BatchNorm1d(128), torch::nn::ReLU()));
    blocks->push_back(torch::nn::Linear(128, 128));
    blocks->push_back(torch::nn::BatchNorm1d(128));
    blocks->push_back(torch::nn::ReLU());
    register_module("blocks", blocks);
    head = register_module("head", torch::nn::Sequential(torch::nn::Dropout(0.1), torch::nn::Linear(128, 64)));
    bn = register_module("bn", torch::nn::BatchNorm1d(64));
    post = register_module("post", torch::nn::Sequential(torch::nn::Linear(64, 64), torch::nn::ReLU(),
                                                         torch::nn::BatchNorm1d(64)));
    dropped->push_back(torch::nn::Linear(64, 8));
    dropped->push_back(torch::nn::Dropout(0.5));
    dropped->push_back(torch::nn::BatchNorm1d(8));
    register_module("dropped", dropped);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = blocks->forward(stem->forward(x));
    x = bn(head->forward(x));
    return dropped->forward(post->forward(x));
  }

  torch::nn::Sequential stem{nullptr}, head{nullptr}, post{nullptr};
  torch::nn::Sequential blocks, dropped;
  torch::nn::BatchNorm1d bn{nullptr};
};
TORCH_MODULE(TabularMLP);

// CHECK:{{.*}}sequential.cpp:17:58: warning: Linear 'stem.0' followed by BatchNorm1d 'stem.1' can run as one fused kernel (BatchNorm folded into the weights in eval mode) (adopter::ops::linear_bn) [adopter-linear-bn]
// CHECK-NEXT:    stem = register_module("stem", torch::nn::Sequential(torch::nn::Linear(n_features, 128),
// CHECK-NEXT:                                                         ^
// CHECK-NEXT:{{.*}}sequential.cpp:18:58: note: 'stem.1' (torch::nn::BatchNorm1d) is part of the chain
// CHECK:{{.*}}sequential.cpp:18:87: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:19:23: warning: Linear 'blocks.0' followed by BatchNorm1d 'blocks.1' {{.*}} [adopter-linear-bn]
// CHECK:{{.*}}sequential.cpp:20:23: note: 'blocks.1' (torch::nn::BatchNorm1d) is part of the chain
// CHECK:{{.*}}sequential.cpp:21:23: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:25:58: warning: Linear 'post.0' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential.cpp:25:85: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:35:18: warning: Linear 'head.1' followed by BatchNorm1d 'bn' {{.*}} [adopter-linear-bn]
// CHECK:{{.*}}sequential.cpp:23:83: note: 'head.1' (torch::nn::Linear) is part of the chain, inside 'torch::nn::Sequential'
// CHECK:{{.*}}sequential.cpp:35:9: note: 'bn' (torch::nn::BatchNorm1d) is part of the chain
// CHECK-NOT: warning
