#!/usr/bin/env python3
"""Tests of scripts/check-cycles.py on small workspaces written to a temporary folder.

    python3 scripts/test_check_cycles.py        # what `make cycles` runs first (well under a second)
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-cycles.py")


def workspace(files: dict[str, str]) -> str:
    root = tempfile.mkdtemp(prefix="check-cycles-")
    atexit.register(shutil.rmtree, root, True)
    files = {"Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n', **files}
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text))
    return root


def package(name: str, deps: str = "") -> str:
    return f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\n{deps}'


def check(root: str, *args: str) -> tuple[int, str]:
    run = subprocess.run([sys.executable, SCRIPT, "--root", root, *args], capture_output=True, text=True)
    return run.returncode, run.stdout + run.stderr


def core(lib: str, **modules: str) -> dict[str, str]:
    files = {"crates/core/Cargo.toml": package("core"), "crates/core/src/lib.rs": lib}
    files.update({f"crates/core/src/{path}": text for path, text in modules.items()})
    return files


class CheckCycles(unittest.TestCase):
    def test_a_layered_crate_passes(self):
        root = workspace(core("pub mod a;\npub mod b;\n", **{"a.rs": "use crate::b::B;\n", "b.rs": "pub struct B;\n"}))
        code, out = check(root)
        self.assertEqual(code, 0, out)
        self.assertIn("0 new cycle(s)", out)

    def test_two_modules_naming_each_other_fail_with_where(self):
        root = workspace(core(
            "pub mod a;\npub mod b;\n",
            **{"a.rs": "use crate::b::B;\npub struct A;\n", "b.rs": "pub struct B;\nfn f() { let _ = crate::a::A; }\n"},
        ))
        code, out = check(root)
        self.assertEqual(code, 1, out)
        self.assertIn("error: import cycle: core: crate::a -> crate::b", out)
        self.assertIn("crates/core/src/b.rs:2 crate::a::A", out)

    def test_a_folder_counts_as_one_module_and_its_files_are_checked_too(self):
        root = workspace(core(
            "pub mod a;\npub mod store;\n",
            **{
                "a.rs": "use crate::store::contacts::C;\npub struct A;\n",
                "store/mod.rs": "mod contacts;\nmod posts;\npub use contacts::C;\npub struct Store;\n",
                "store/contacts.rs": "use super::Store;\nuse super::posts::P;\npub struct C;\n",
                "store/posts.rs": "use crate::a::A;\npub struct P;\nfn f() { super::contacts::C; }\n",
            },
        ))
        code, out = check(root)
        self.assertEqual(code, 1, out)
        self.assertIn("core: crate::a -> crate::store\n", out)
        self.assertIn("core: crate::store::contacts -> crate::store::posts\n", out)
        # The folder's own mod.rs and its children are not a cycle unless asked (--roots).
        self.assertNotIn("core: crate::store -> crate::store::contacts\n", out)
        self.assertIn("core: crate::store -> crate::store::contacts\n", check(root, "--roots")[1])

    def test_a_name_re_exported_by_the_crate_root_leads_to_its_module(self):
        root = workspace(core(
            "pub mod a;\npub mod b;\npub mod error;\npub use error::Error;\n",
            **{"a.rs": "use crate::Error;\n", "b.rs": "", "error.rs": "pub enum Error {}\nconst T: u8 = crate::b::X;\n"},
        ))
        self.assertEqual(check(root)[0], 0)
        with open(os.path.join(root, "crates/core/src/b.rs"), "w") as f:
            f.write("pub const X: u8 = 1;\npub fn g() -> crate::Error { todo!() }\n")
        code, out = check(root)
        self.assertIn("core: crate::b -> crate::error", out)
        self.assertEqual(code, 1, out)

    def test_comments_strings_and_test_code_are_not_edges(self):
        b = '''\
            // crate::a::A in a comment
            /* crate::a::A /* nested */ crate::a::A */
            const S: &str = "crate::a::A";
            const R: &str = r#"crate::a::A " still a string"#;
            const C: char = '"';
            fn f<'a>(x: &'a str) -> &'a str { x }
            #[cfg(test)]
            mod tests {
                use crate::a::A;
            }
            #[test]
            fn t() { let _ = crate::a::A; }
            pub struct B;
        '''
        root = workspace(core("pub mod a;\npub mod b;\n", **{"a.rs": "use crate::b::B;\npub struct A;\n", "b.rs": b}))
        code, out = check(root)
        self.assertEqual(code, 0, out)
        code, out = check(root, "--tests")
        self.assertEqual(code, 1, out)
        self.assertIn("core: crate::a -> crate::b", out)

    def test_crates_depending_on_each_other_by_path_fail(self):
        root = workspace({
            "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n[workspace.dependencies]\none = { path = "crates/one" }\n',
            "crates/one/Cargo.toml": package("one", '[dev-dependencies]\ntwo = { path = "../two" }\n'),
            "crates/one/src/lib.rs": "",
            "crates/two/Cargo.toml": package("two", "[dependencies]\none.workspace = true\n"),
            "crates/two/src/lib.rs": "",
        })
        code, out = check(root)
        self.assertEqual(code, 1, out)
        self.assertIn("error: import cycle: crates: one -> two", out)
        self.assertIn("crates/one/Cargo.toml [dev-dependencies] two", out)

    def test_the_allow_list_turns_known_cycles_into_warnings_and_names_stale_lines(self):
        root = workspace(core(
            "pub mod a;\npub mod b;\npub mod c;\n",
            **{"a.rs": "use crate::b::B;\npub struct A;\n", "b.rs": "use crate::a::A;\npub struct B;\n", "c.rs": ""},
        ))
        allow = os.path.join(root, "allowed.txt")
        with open(allow, "w") as f:
            f.write("# known\ncore: crate::a -> crate::b   # to be removed\ncore: crate::b -> crate::c\n")
        code, out = check(root, "--allow", allow)
        self.assertEqual(code, 0, out)
        self.assertIn("warning: known cycle, allowed by allowed.txt until it is removed: core: crate::a -> crate::b", out)
        self.assertIn("no longer exists; delete its line: core: crate::b -> crate::c", out)
        with open(os.path.join(root, "crates/core/src/c.rs"), "w") as f:
            f.write("use crate::a::A;\n")
        with open(os.path.join(root, "crates/core/src/a.rs"), "a") as f:
            f.write("fn f() { crate::c::g(); }\n")
        code, out = check(root, "--allow", allow)
        self.assertEqual(code, 1, out)
        self.assertIn("error: import cycle: core: crate::a -> crate::c", out)


if __name__ == "__main__":
    unittest.main(verbosity=1)
