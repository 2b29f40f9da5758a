// tests/model/sanitizer_options.cpp — ASan defaults for the model suite.
//
// A failing model execution abandons its fibers mid-run (never unwound; model.hpp keeps their
// stacks so nothing they point to counts as leaked). ASan's use-after-return "fake stacks" would
// hold some of those frames outside the kept stacks, and LeakSanitizer would then report the
// objects only they point to; real stack frames keep the leak check exact.
#if defined(__SANITIZE_ADDRESS__)
#define RT_MODEL_SUITE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_MODEL_SUITE_ASAN 1
#endif
#endif

#ifdef RT_MODEL_SUITE_ASAN
extern "C" const char* __asan_default_options() { return "detect_stack_use_after_return=0"; }
#endif
