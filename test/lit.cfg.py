# lit configuration of the adopter fixture tests (graph/, driver/, dsl/).
import os
import lit.formats
import lit.util

config.name = "adopter"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test", ".dsl"]
config.excludes = ["Inputs", "README.md", "lit.cfg.py", "lit.local.cfg"]
config.test_source_root = os.path.dirname(__file__)

site = lit_config.params.get("adopter_site_config")
if not site:
    lit_config.fatal("run through CTest, or pass --param adopter_site_config=BUILD/test/lit.site.cfg.py")
exec(open(site).read())

config.substitutions.append(("%adopter", config.adopter_bin))
config.substitutions.append(("%torch_flags", config.torch_flags))
config.substitutions.append(("%expect_exit", "python3 " + os.path.join(config.test_source_root, "expect_exit.py")))
config.substitutions.append(("%torch_include", config.torch_include))
# clang-tidy-19 with the adopter plugin loaded (tidy/).
config.substitutions.append(("%clang_tidy", config.clang_tidy + " --load=" + config.adopter_tidy))
config.substitutions.append(("%tidy_plugin", config.adopter_tidy))
config.substitutions.append(("%kernels_include", config.kernels_include))
# adopter-clangd (clangd/). The set-up builds it and installs Neovim: a
# missing one fails these tests rather than skipping them.
config.substitutions.append(("%clangd_bin", config.adopter_clangd))
config.substitutions.append(("%write_compile_flags", "python3 " + os.path.join(config.test_source_root, "clangd", "write_compile_flags.py")
                             + " " + config.torch_include + " " + config.kernels_include))
config.substitutions.append(("%tidy_equiv", "python3 " + os.path.join(config.test_source_root, "tidy", "tidy_equiv.py")
                             + " --adopter " + config.adopter_bin + " --clang-tidy " + config.clang_tidy
                             + " --plugin " + config.adopter_tidy + " --"))
config.environment["PATH"] = os.pathsep.join([config.llvm_bindir, config.environment.get("PATH", "")])
for var in ("LIBTORCH", "Torch_DIR"):
    config.environment.pop(var, None)
