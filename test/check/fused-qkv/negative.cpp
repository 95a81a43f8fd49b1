// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of fused-qkv. One real chain comes first so that the check can
// fail.
#include <torch/torch.h>

torch::Tensor attend(torch::Tensor q, torch::Tensor k, torch::Tensor v);

#define QKV_MEMBERS torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr}

struct ReferenceImpl : torch::nn::Module {
  ReferenceImpl() {
    wq = register_module("wq", torch::nn::Linear(64, 64));
    wk = register_module("wk", torch::nn::Linear(64, 64));
    wv = register_module("wv", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x) { return attend(wq(x), wk(x), wv(x)); }
  QKV_MEMBERS;
};

// Cross-attention: the query reads x, the key and value read the memory
// (two Linears on one input).
struct CrossAttentionImpl : torch::nn::Module {
  CrossAttentionImpl() {
    wq = register_module("wq", torch::nn::Linear(64, 64));
    wk = register_module("wk", torch::nn::Linear(64, 64));
    wv = register_module("wv", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor memory) {
    return attend(wq(x), wk(memory), wv(memory));
  }
  QKV_MEMBERS;
};

// Three Linears on three different inputs.
struct ThreeStreamsImpl : torch::nn::Module {
  ThreeStreamsImpl() {
    wq = register_module("wq", torch::nn::Linear(64, 64));
    wk = register_module("wk", torch::nn::Linear(64, 64));
    wv = register_module("wv", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor text, torch::Tensor image, torch::Tensor audio) {
    return attend(wq(text), wk(image), wv(audio));
  }
  QKV_MEMBERS;
};

// Whisper: k_proj has no bias while q_proj and v_proj do.
struct WhisperAttentionImpl : torch::nn::Module {
  WhisperAttentionImpl() {
    wq = register_module("wq", torch::nn::Linear(64, 64));
    wk = register_module("wk", torch::nn::Linear(torch::nn::LinearOptions(64, 64).bias(false)));
    wv = register_module("wv", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x) { return attend(wq(x), wk(x), wv(x)); }
  QKV_MEMBERS;
};

// CHECK:      "parsed": true
// CHECK:      "findings": [
// CHECK:        "class": "ReferenceImpl",
// CHECK-NEXT:   "column": 58,
// CHECK:        "function": "ReferenceImpl::forward",
// CHECK-NEXT:   "line": 18,
// CHECK:        "rule": "fused-qkv",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "fused-qkv",
// CHECK:      "partition": [
// The look-alikes were seen: four ops each (three Linears and the call), none
// given to a kernel.
// CHECK:        "module": "CrossAttentionImpl",
// CHECK-NEXT:   "ops": 4,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "ThreeStreamsImpl",
// CHECK-NEXT:   "ops": 4,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "WhisperAttentionImpl",
// CHECK-NEXT:   "ops": 4,
// CHECK-NEXT:   "packs": {}
