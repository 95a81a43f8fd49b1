// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 5
//
// Convolution -> BatchNorm [-> activation] across function boundaries:
// * YOLO's Conv block (conv, bn, SiLU in one forward), used by two layers: the
//   chain is wholly inside ConvBNAct::forward and reported there, once;
// * the activation inside a user module: reported at the convolution in the
//   caller, with a note inside SiLUAct::forward (fixable);
// * the convolution inside a user block and the BatchNorm in the caller:
//   reported at the call of the block. Stem is called once: fixable;
//   PaddedConv is called twice (down1 and down2): not fixable;
// * a chain wholly inside an own method: reported there.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct ConvBNActImpl : torch::nn::Module {
  ConvBNActImpl(int64_t c1, int64_t c2) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(c1, c2, 3).padding(1).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(c2).eps(1e-3).momentum(0.03)));
    act = register_module("act", torch::nn::SiLU());
  }
  torch::Tensor forward(torch::Tensor x) { return act(bn(conv(x))); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  torch::nn::SiLU act{nullptr};
};
TORCH_MODULE(ConvBNAct);

struct SiLUActImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) { return torch::silu(x); }
};
TORCH_MODULE(SiLUAct);

struct StemImpl : torch::nn::Module {
  StemImpl() { conv = register_module("conv", torch::nn::Conv2d(3, 16, 3)); }
  torch::Tensor forward(torch::Tensor x) { return conv(x); }
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Stem);

struct PaddedConvImpl : torch::nn::Module {
  PaddedConvImpl() { conv = register_module("conv", torch::nn::Conv2d(16, 16, 3)); }
  torch::Tensor forward(torch::Tensor x) { return conv(F::pad(x, F::PadFuncOptions({1, 1, 1, 1}))); }
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(PaddedConv);

struct BackboneImpl : torch::nn::Module {
  BackboneImpl() {
    stem = register_module("stem", Stem());
    bn0 = register_module("bn0", torch::nn::BatchNorm2d(16));
    c1 = register_module("c1", ConvBNAct(16, 16));
    c2 = register_module("c2", ConvBNAct(16, 16));
    conv3 = register_module("conv3", torch::nn::Conv2d(16, 16, 1));
    bn3 = register_module("bn3", torch::nn::BatchNorm2d(16));
    act = register_module("act", SiLUAct());
    down1 = register_module("down1", PaddedConv());
    down2 = register_module("down2", PaddedConv());
    bn4 = register_module("bn4", torch::nn::BatchNorm2d(16));
    conv5 = register_module("conv5", torch::nn::Conv2d(16, 16, 1));
    bn5 = register_module("bn5", torch::nn::BatchNorm2d(16));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(bn0(stem(x)));
    x = c2(c1(x));
    x = act(bn3(conv3(x)));
    x = bn4(down1(x)) + down2(x);
    return head(x);
  }

  torch::Tensor head(torch::Tensor x) { return F::relu6(bn5(conv5(x))); }

  Stem stem{nullptr};
  ConvBNAct c1{nullptr}, c2{nullptr};
  SiLUAct act{nullptr};
  PaddedConv down1{nullptr}, down2{nullptr};
  torch::nn::Conv2d conv3{nullptr}, conv5{nullptr};
  torch::nn::BatchNorm2d bn0{nullptr}, bn3{nullptr}, bn4{nullptr}, bn5{nullptr};
};
TORCH_MODULE(Backbone);

// CHECK:{{.*}}cross-function.cpp:25:58: warning: convolution 'conv' followed by BatchNorm 'bn' can run as one fused kernel (BatchNorm folded into the weights in eval mode, exact in training) (adopter::ops::conv_bn) [adopter-conv-bn]
// CHECK-NEXT:  torch::Tensor forward(torch::Tensor x) { return act(bn(conv(x))); }
// CHECK-NEXT:                                                         ^
// CHECK-NEXT:{{.*}}cross-function.cpp:25:55: note: 'bn' (torch::nn::BatchNorm2d) is part of the chain
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.*}}cross-function.cpp:25:51: note: 'aten::silu' is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:68:25: warning: convolution 'stem.conv' followed by BatchNorm 'bn0' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}cross-function.cpp:39:51: note: 'stem.conv' (torch::nn::Conv2d) is part of the chain, inside 'Stem::forward'
// CHECK:{{.*}}cross-function.cpp:68:21: note: 'bn0' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}cross-function.cpp:68:9: note: 'aten::relu' is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:70:17: warning: convolution 'conv3' followed by BatchNorm 'bn3' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}cross-function.cpp:70:13: note: 'bn3' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}cross-function.cpp:33:51: note: 'aten::silu' is part of the chain, inside 'SiLUAct::forward'
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:71:13: warning: convolution 'down1.conv' followed by BatchNorm 'bn4' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}cross-function.cpp:46:51: note: 'down1.conv' (torch::nn::Conv2d) is part of the chain, inside 'PaddedConv::forward'
// CHECK:{{.*}}cross-function.cpp:71:9: note: 'bn4' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}cross-function.cpp:71:13: note: not fixable: the chain continues inside 'PaddedConv::forward', which is called from 2 places ({{.*}}cross-function.cpp:71:13, {{.*}}cross-function.cpp:71:25); rewriting it would change the other callers
// CHECK:{{.*}}cross-function.cpp:75:61: warning: convolution 'conv5' followed by BatchNorm 'bn5' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}cross-function.cpp:75:57: note: 'bn5' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}cross-function.cpp:75:48: note: 'aten::relu6' is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
