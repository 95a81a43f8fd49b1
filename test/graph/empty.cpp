// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs 2>%t.err >%t.out
// RUN: count 0 < %t.out
// RUN: FileCheck --check-prefix=NOTE %s < %t.err
// FEATURE: an empty translation unit (only these two comment lines): the tool must print an empty graph (no modules) and exit successfully.
// NOTE: adopter: note: no torch::nn::Module class found in '{{.*}}empty.cpp'
