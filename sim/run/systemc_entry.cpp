// libsystemc.so references sc_main (its own main() would call it). mixsim's executables have
// their own main() and drive the kernel through SimContext, so this definition only satisfies
// the linker; it is never called. It lives in the whole-archive library so every executable
// that links mixsim_sim has it.
extern "C" int sc_main(int, char*[]) { return 0; }
