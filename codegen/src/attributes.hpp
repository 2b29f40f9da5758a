// attributes.hpp — the names under which rt-codegen's attributes reach the AST.
//
// [[rt::main]], [[rt::test]] and [[rt::select]] are registered with clang::ParsedAttrInfoRegistry
// (attributes.cpp). Clang 19 hands plugin attributes to declarations only, with an empty argument
// list, so the handler attaches an AnnotateAttr carrying one of these strings and the attribute's
// source range; options are read later by lexing that range (options.hpp).
#pragma once

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"

namespace rtcg {

inline constexpr const char* kMainAnnotation = "rt-codegen:main";
inline constexpr const char* kTestAnnotation = "rt-codegen:test";
inline constexpr const char* kSelectAnnotation = "rt-codegen:select";

/// The rt-codegen annotation of `d` with this name, or null.
const clang::AnnotateAttr* findAnnotation(const clang::Decl* d, llvm::StringRef name);

/// Forces the registrations in attributes.cpp to be linked into the tool.
void linkAttributes();

}  // namespace rtcg
