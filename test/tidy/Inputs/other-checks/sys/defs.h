// A system header (-isystem) with a function defined in a header: what
// misc-definitions-in-headers reports when --system-headers asks for it.
int answer() { return 42; }
