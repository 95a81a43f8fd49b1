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
config.environment["PATH"] = os.pathsep.join([config.llvm_bindir, config.environment.get("PATH", "")])
for var in ("LIBTORCH", "Torch_DIR"):
    config.environment.pop(var, None)
