#!/usr/bin/env python3
"""Fails on import cycles in the Rust code: between the workspace's crates, between the top-level
modules of each crate, and between the files of each folder of modules.

    scripts/check-cycles.py                                   # every cycle is an error
    scripts/check-cycles.py --allow scripts/cycles-allowed.txt  # what `make cycles` runs
    scripts/check-cycles.py --tests      # count #[cfg(test)] code too (left out by default)
    scripts/check-cycles.py --roots      # count lib.rs, main.rs and mod.rs as nodes (see below)
    scripts/check-cycles.py --graph      # print every edge and where it comes from

What is a node, and what is an edge:
- Crates: the workspace's members (the root Cargo.toml's `members`). A crate depends on another
  when one of its Cargo.toml dependency tables names it by path (`path = ...`, or
  `workspace = true` with a path in `[workspace.dependencies]`). Dev-dependencies count: a
  dev-dependency cycle builds the crate twice, with two incompatible copies of its types.
- Modules: each library or binary target of each crate (src/lib.rs, src/main.rs, src/bin/*.rs)
  is read from its root file, following `mod name;` to files. At the top level a node is one
  top-level module, a file `db.rs` or a folder `store/` with everything under it. Then each
  folder is checked the same way: its files and subfolders are the nodes.
- Roots: the file a level belongs to (lib.rs or main.rs for the crate, `store/mod.rs` for
  `store/`, `demo.rs` for `demo/`) declares the others, re-exports them and holds their shared
  vocabulary, so it is not a node of its own level (it is part of its folder's node one level up):
  `super::Store` from store/contacts.rs and `contacts::x` in store/mod.rs are not a cycle. With
  --roots it is a node too, named `crate` or after its folder (`crate::store`).
- A module depends on another when it names it: `use crate::a::...`, `use super::...`, a path
  `crate::a::f()` or `super::f()` in code, or a path through one of its own child modules. A
  re-export (`pub use a::X` in lib.rs or a mod.rs) is an edge of the module that writes it, and a
  path through it is followed to where the item is defined, so `crate::Error` (re-exported by
  lib.rs from error.rs) is an edge to `error`, not to the crate root.
- Test code (`#[cfg(test)]` items and modules, `#[test]` functions) is left out unless --tests:
  a test may reach across the crate to set up its case.

A cycle is printed as `<crate>: crate::a -> crate::b -> crate::c` (and c names a again), from its
smallest node, then the file and line of one reference for each of its edges. The allow-list file
holds known cycles, one a line in exactly that form, to be removed: they are printed as warnings,
every other cycle fails the check, and a line that matches no cycle any more is reported so that
it can be deleted. Crate cycles read `crates: a -> b`.

Needs Python 3.8 or later and nothing else (Cargo.toml is read with tomllib from 3.11 on, else
with a small reader of the TOML that Cargo.toml files use). The parsing is a tokenizer, not a
compiler: it knows comments, strings, raw strings, chars and lifetimes, attributes, inline
modules, use trees and paths, which is all a module graph needs. Its own tests:
scripts/test_check_cycles.py.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import sys
from dataclasses import dataclass, field

try:
    import tomllib  # Python 3.11+
except ImportError:  # Ubuntu 22.04's Python 3.10: the small reader at the end of this file
    tomllib = None

# --- Tokens -----------------------------------------------------------------------------------


@dataclass
class Tok:
    kind: str  # "id", "p" (punctuation, "::" is one), "str", "lit" (numbers, chars), "life"
    text: str
    line: int


IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
STRING_PREFIX = re.compile(r'(b|c)?(r)(#*)"|(b|c)?"')


def tokenize(src: str) -> list[Tok]:
    toks: list[Tok] = []
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if src.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif src.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    line += src[i] == "\n"
                    i += 1
        elif (m := STRING_PREFIX.match(src, i)) and (c == '"' or m.group(2) or m.group(4)):
            start_line = line
            if m.group(2):  # raw string: no escapes, ends at a quote and as many #
                end = '"' + m.group(3)
                j = src.find(end, m.end())
                j = n if j < 0 else j + len(end)
            else:
                j = m.end()
                while j < n and src[j] != '"':
                    j += 2 if src[j] == "\\" else 1
                j += 1
            text = src[i:j]
            line += text.count("\n")
            toks.append(Tok("str", text, start_line))
            i = j
        elif c == "'" or (c == "b" and src.startswith("b'", i)):
            k = i + (2 if c == "b" else 1)
            if k < n and src[k] == "\\":  # an escaped char: '\n', '\'', '\u{1F600}'
                j = src.find("'", k + 2)
                j = n if j < 0 else j + 1
                toks.append(Tok("lit", src[i:j], line))
                i = j
            elif k + 1 < n and src[k + 1] == "'":  # a plain char: 'a'
                toks.append(Tok("lit", src[i : k + 2], line))
                i = k + 2
            else:  # a lifetime or a label: 'a, 'static
                m2 = IDENT.match(src, k)
                j = m2.end() if m2 else k
                toks.append(Tok("life", src[i:j], line))
                i = j
        elif c.isdigit():
            j = i + 1
            while j < n and (src[j].isalnum() or src[j] == "_" or (src[j] == "." and j + 1 < n and src[j + 1].isdigit())):
                j += 1
            toks.append(Tok("lit", src[i:j], line))
            i = j
        elif c.isalpha() or c == "_":
            if src.startswith("r#", i) and i + 2 < n and (src[i + 2].isalpha() or src[i + 2] == "_"):
                m2 = IDENT.match(src, i + 2)
                toks.append(Tok("id", m2.group(0), line))
                i = m2.end()
            else:
                m2 = IDENT.match(src, i)
                toks.append(Tok("id", m2.group(0), line))
                i = m2.end()
        elif src.startswith("::", i):
            toks.append(Tok("p", "::", line))
            i += 2
        else:
            toks.append(Tok("p", c, line))
            i += 1
    return toks


def matching(toks: list[Tok], i: int) -> int:
    """Index of the bracket closing the one at i ((, [ or {), or len(toks)."""
    opening = {"(": ")", "[": "]", "{": "}"}
    stack = [opening[toks[i].text]]
    j = i + 1
    while j < len(toks) and stack:
        t = toks[j]
        if t.kind == "p":
            if t.text in opening:
                stack.append(opening[t.text])
            elif t.text in ")]}":
                stack.pop()
        j += 1
    return j - 1 if not stack else len(toks)


def item_end(toks: list[Tok], i: int) -> int:
    """Index just past the item starting at i: its `;` at depth 0, or its `{ ... }` block."""
    j = i
    while j < len(toks):
        t = toks[j]
        if t.kind == "p" and t.text in "([":
            j = matching(toks, j) + 1
        elif t.kind == "p" and t.text == "{":
            return matching(toks, j) + 1
        elif t.kind == "p" and t.text in ";}":
            return j + 1 if t.text == ";" else j
        else:
            j += 1
    return j


# --- Modules ----------------------------------------------------------------------------------

ITEM_KEYWORDS = {"fn", "struct", "enum", "type", "trait", "const", "static", "union"}


@dataclass
class Use:
    path: list[str]  # e.g. ["crate", "error", "Error"]; ends with "*" for a glob
    name: str | None  # the name it binds (alias, last segment), None for a glob
    line: int
    top: bool  # at the module's top level (a binding others can reach), not in a fn body


@dataclass
class Module:
    path: tuple[str, ...]  # from the crate root: ("store", "contacts")
    file: str  # the file it is written in
    inline: bool  # `mod x { ... }` inside its file
    children: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)  # names defined here
    weak_items: set[str] = field(default_factory=set)  # names in macro calls (may define them)
    uses: list[Use] = field(default_factory=list)
    refs: list[tuple[list[str], int]] = field(default_factory=list)  # paths in code, with line


def test_only(attr: list[Tok]) -> bool:
    """#[test], #[tokio::test], #[cfg(test)], #[cfg(all(test, ...))]."""
    words = [t.text for t in attr]
    if words and words[-1] == "test" and all(t.kind == "id" or t.text == "::" for t in attr):
        return True
    if words[:2] != ["cfg", "("]:
        return False
    inner = words[2:-1]
    if inner == ["test"]:
        return True
    if inner[:2] == ["all", "("]:
        depth, arg = 0, []
        for w in inner[2:-1] + [","]:
            if w in "([":
                depth += 1
            elif w in ")]":
                depth -= 1
            if w == "," and depth == 0:
                if arg == ["test"]:
                    return True
                arg = []
            else:
                arg.append(w)
    return False


class Crate:
    """One target (lib or bin) of one package: its module tree, read from the root file."""

    def __init__(self, label: str, root_file: str, tests: bool, rel_to: str):
        self.label = label
        self.tests = tests
        self.rel_to = rel_to
        self.modules: dict[tuple[str, ...], Module] = {}
        self.load((), root_file, os.path.dirname(root_file))

    def rel(self, path: str) -> str:
        return os.path.relpath(path, self.rel_to)

    def load(self, path: tuple[str, ...], file: str, child_dir: str) -> None:
        with open(file, encoding="utf-8") as f:
            toks = tokenize(f.read())
        self.walk(toks, 0, len(toks), path, file, child_dir, inline=False)

    def walk(self, toks, i, end, path, file, child_dir, inline):
        mod = Module(path, file, inline)
        self.modules[path] = mod
        attrs: list[list[Tok]] = []
        depth = 0  # braces opened since the module's top level (fn bodies, impl blocks...)
        while i < end:
            t = toks[i]
            # Attributes: remember them for the next item; an inner one (#![...]) applies to the file.
            if t.text == "#" and i + 1 < end and toks[i + 1].text in ("[", "!"):
                k = i + 1 if toks[i + 1].text == "[" else i + 2
                close = matching(toks, k)
                attr = toks[k + 1 : close]
                if toks[i + 1].text == "!" and test_only(attr) and not self.tests and depth == 0:
                    mod.items.clear()
                    return
                attrs.append(attr)
                i = close + 1
                continue
            if t.kind == "id" and t.text == "pub":  # visibility: the attributes are the item's
                i += 1
                if i < end and toks[i].text == "(":
                    i = matching(toks, i) + 1
                continue
            pending, attrs = attrs, []
            if not self.tests and any(test_only(a) for a in pending):
                i = item_end(toks, i)
                continue
            path_attr = next((a[2].text[1:-1] for a in pending if len(a) == 3 and a[0].text == "path" and a[2].kind == "str"), None)
            if t.kind == "id" and t.text == "macro_rules" and i + 2 < end and toks[i + 1].text == "!":
                # Items a macro defines (`pub enum $name` aside) are the module's: `reasons!` defines Reason.
                k = i + 3 if toks[i + 2].kind == "id" else i + 2
                close = matching(toks, k) if k < end and toks[k].text in "([{" else k
                for a, b in zip(toks[k:close], toks[k + 1 : close]):
                    if a.text in ITEM_KEYWORDS and b.kind == "id":
                        mod.items.add(b.text)
                i = close + 1
                continue
            if t.kind == "id" and t.text == "mod" and i + 2 < end and toks[i + 1].kind == "id":
                name = toks[i + 1].text
                after = toks[i + 2].text
                if after == ";" and depth == 0:
                    mod.children.add(name)
                    self.load_child(path + (name,), file, child_dir, name, path_attr)
                    i += 3
                    continue
                if after == "{":
                    close = matching(toks, i + 2)
                    mod.children.add(name)
                    self.walk(toks, i + 3, close, path + (name,), file, os.path.join(child_dir, name), inline=True)
                    i = close + 1
                    continue
            if t.kind == "id" and t.text == "use" and (i == 0 or toks[i - 1].text != "."):
                j = i + 1
                while j < end and toks[j].text != ";":
                    j += 1
                for segs, name in use_tree(toks[i + 1 : j]):
                    mod.uses.append(Use(segs, name, t.line, depth == 0))
                i = j + 1
                continue
            if depth == 0 and t.kind == "id" and t.text in ITEM_KEYWORDS and i + 1 < end and toks[i + 1].kind == "id":
                mod.items.add(toks[i + 1].text)
            if (
                depth == 0
                and t.kind == "id"
                and i + 2 < end
                and toks[i + 1].text == "!"
                and toks[i + 2].text in "([{"
                and (i == 0 or toks[i - 1].text != "::")
            ):
                close = matching(toks, i + 2)
                mod.weak_items.update(x.text for x in toks[i + 3 : close] if x.kind == "id")
                # and the paths inside the call are references like any other (fall through)
            if t.kind == "p" and t.text == "{":
                depth += 1
            elif t.kind == "p" and t.text == "}":
                depth -= 1
            # A path: crate::..., super::..., self::..., or through a child module (child::...).
            if (
                t.kind == "id"
                and i + 2 < end
                and toks[i + 1].text == "::"
                and toks[i + 2].kind == "id"
                and (i == 0 or toks[i - 1].text not in ("::", "$", "."))
            ):  # which of these lead into the crate is decided once every `mod` is known
                segs, j = [t.text], i + 1
                while j + 1 < end and toks[j].text == "::" and toks[j + 1].kind == "id":
                    segs.append(toks[j + 1].text)
                    j += 2
                mod.refs.append((segs, t.line))
                i = j
                continue
            i += 1

    def load_child(self, path, parent_file, child_dir, name, path_attr):
        if path_attr:
            candidates = [os.path.join(os.path.dirname(parent_file), path_attr)]
        else:
            candidates = [os.path.join(child_dir, name + ".rs"), os.path.join(child_dir, name, "mod.rs")]
        for c in candidates:
            if os.path.isfile(c):
                base = os.path.basename(c)
                sub_dir = os.path.dirname(c) if base == "mod.rs" else os.path.join(os.path.dirname(c), base[:-3])
                self.load(path, c, sub_dir)
                return
        warn(f"{self.label}: `mod {name};` in {self.rel(parent_file)}: no file among {', '.join(self.rel(c) for c in candidates)}")

    # Resolution ---------------------------------------------------------------------------------

    def resolve(self, at: tuple[str, ...], segs: list[str], seen=None) -> tuple[str, ...] | None:
        """The module a path written in module `at` leads to, or None when it leaves the crate."""
        if not segs or segs[0] in ("", "$crate") or segs[0] not in ("crate", "super", "self") and segs[0] not in self.modules[at].children:
            return None
        if segs[0] == "crate":
            base, rest = (), segs[1:]
        elif segs[0] in ("super", "self"):
            base, rest = at, segs
            while rest and rest[0] in ("super", "self"):
                if rest[0] == "super":
                    if not base:
                        return None
                    base = base[:-1]
                rest = rest[1:]
        else:
            base, rest = at + (segs[0],), segs[1:]
        while rest and base + (rest[0],) in self.modules:
            base, rest = base + (rest[0],), rest[1:]
        if not rest or rest[0] in ("self", "*"):
            return base
        return self.find(base, rest[0], seen or set())

    def find(self, base: tuple[str, ...], name: str, seen: set) -> tuple[str, ...] | None:
        """The module where `name`, reached as base::name, is defined, following `use`s."""
        if (base, name) in seen:
            return base
        seen.add((base, name))
        mod = self.modules[base]
        if name in mod.items:
            return base
        for u in mod.uses:
            if u.top and u.name == name:
                target = self.resolve(base, u.path, seen)
                return target if target is not None else base
        for u in mod.uses:
            if u.top and u.name is None:
                src = self.resolve(base, u.path, seen)
                if src is not None and self.defines(src, name, seen):
                    return self.find(src, name, seen)
        if name in mod.weak_items or base:
            return base
        return None  # a name the crate root neither defines nor re-exports: a macro's, most likely

    def defines(self, base, name, seen) -> bool:
        mod = self.modules[base]
        if name in mod.items or name in mod.weak_items:
            return True
        return any(u.top and u.name == name for u in mod.uses)

    def edges(self) -> dict[tuple, dict[tuple, tuple[str, int, str]]]:
        """file module -> file module -> (file, line, the path written), the first one seen."""
        out: dict[tuple, dict[tuple, tuple[str, int, str]]] = {}
        for path, mod in self.modules.items():
            src = self.file_module(path)
            written = [(u.path, u.line) for u in mod.uses] + mod.refs
            for segs, line in written:
                target = self.resolve(path, segs)
                if target is None:
                    continue
                dst = self.file_module(target)
                if dst != src:
                    shown = segs[:-1] if segs[-1] == "self" else segs
                    out.setdefault(src, {}).setdefault(dst, (self.rel(mod.file), line, "::".join(shown)))
        return out

    def file_module(self, path):
        while self.modules[path].inline:
            path = path[:-1]
        return path


def use_tree(toks: list[Tok]) -> list[tuple[list[str], str | None]]:
    """Flattens `a::{b, c::{self, D as E}, f::*}` into ([a, b], b), ([a, c], c), ([a, c, D], E)..."""
    out: list[tuple[list[str], str | None]] = []

    def tree(i: int, prefix: list[str]) -> int:
        segs = list(prefix)
        if i < len(toks) and toks[i].text == "::":
            segs, i = segs + [""], i + 1  # ::name: an extern crate
        while i < len(toks):
            t = toks[i]
            if t.text == "{":
                i += 1
                while i < len(toks) and toks[i].text != "}":
                    i = tree(i, segs)
                    if i < len(toks) and toks[i].text == ",":
                        i += 1
                return i + 1
            if t.text == "*":
                out.append((segs + ["*"], None))
                return i + 1
            if t.kind == "id":
                segs.append(t.text)
                i += 1
                if i < len(toks) and toks[i].text == "::":
                    i += 1
                    continue
                name = segs[-1] if segs[-1] != "self" else (segs[-2] if len(segs) > 1 else None)
                if i + 1 < len(toks) and toks[i].text == "as":
                    name, i = toks[i + 1].text, i + 2
                out.append((segs, name))
                return i
            i += 1  # `pub`, `(crate)` and anything unexpected
        return i

    i = 0
    while i < len(toks) and (toks[i].text in ("pub", "(", ")", "crate", "in", "super") and not (i + 1 < len(toks) and toks[i + 1].text == "::")):
        i += 1
    tree(i, [])
    return out


# --- Graphs -----------------------------------------------------------------------------------


def cycles(graph: dict[str, set[str]], limit: int = 200) -> list[list[str]]:
    """Every elementary cycle, each starting at its smallest node (at most `limit`)."""
    nodes = sorted(set(graph) | {d for ds in graph.values() for d in ds})
    found: list[list[str]] = []
    for s in nodes:
        stack = [(s, iter(sorted(graph.get(s, ()))))]
        path, on_path = [s], {s}
        while stack and len(found) < limit:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                on_path.discard(path.pop())
            elif nxt == s:
                found.append(list(path))
            elif nxt > s and nxt not in on_path:
                path.append(nxt)
                on_path.add(nxt)
                stack.append((nxt, iter(sorted(graph.get(nxt, ())))))
    return found


def name_of(path: tuple[str, ...]) -> str:
    return "::".join(("crate",) + path)


def module_cycles(crate: Crate, roots: bool):
    """(key, cycle as names, evidence lines) for every cycle at every level of one target."""
    edges = crate.edges()
    levels = sorted({p[:k] for p in crate.modules if not crate.modules[p].inline for k in range(len(p))})
    levels = [lv for lv in levels if any(len(c) == len(lv) + 1 and c[: len(lv)] == lv and not m.inline for c, m in crate.modules.items())]
    results = []
    for level in levels:
        graph: dict[str, set[str]] = {}
        evidence: dict[tuple[str, str], tuple[str, int, str]] = {}
        for src, dsts in edges.items():
            for dst, where in dsts.items():
                if src[: len(level)] != level or dst[: len(level)] != level:
                    continue
                if not roots and (len(src) == len(level) or len(dst) == len(level)):
                    continue  # the level's root file: see "roots" at the top
                a, b = name_of(src[: len(level) + 1]), name_of(dst[: len(level) + 1])
                if a != b:
                    graph.setdefault(a, set()).add(b)
                    evidence.setdefault((a, b), where)
        for cyc in cycles(graph):
            key = f"{crate.label}: {' -> '.join(cyc)}"
            lines = []
            for a, b in zip(cyc, cyc[1:] + cyc[:1]):
                file, line, written = evidence[(a, b)]
                lines.append(f"    {a} -> {b}: {file}:{line} {written}")
            results.append((key, lines))
    return results, edges


def workspace(root: str):
    """(package name, package dir, Cargo.toml data) of each member, and the workspace table."""
    top = read_toml(os.path.join(root, "Cargo.toml"))
    ws = top.get("workspace", {})
    dirs: list[str] = []
    for pattern in ws.get("members", ["."]):
        dirs += sorted(d for d in glob.glob(os.path.join(root, pattern)) if os.path.isfile(os.path.join(d, "Cargo.toml")))
    excluded = {os.path.normpath(os.path.join(root, e)) for e in ws.get("exclude", [])}
    members = []
    for d in dirs:
        if os.path.normpath(d) in excluded:
            continue
        data = read_toml(os.path.join(d, "Cargo.toml"))
        if "package" in data:
            members.append((data["package"]["name"], os.path.normpath(d), data))
    return members, ws


def crate_cycles(root: str, members, ws):
    by_dir = {d: name for name, d, _ in members}
    ws_deps = ws.get("dependencies", {})
    graph: dict[str, set[str]] = {}
    evidence = {}
    for name, d, data in members:
        tables = [("dependencies", data.get("dependencies", {})), ("build-dependencies", data.get("build-dependencies", {})),
                  ("dev-dependencies", data.get("dev-dependencies", {}))]
        for target, t in data.get("target", {}).items():
            for kind in ("dependencies", "build-dependencies", "dev-dependencies"):
                tables.append((f"target.'{target}'.{kind}", t.get(kind, {})))
        for table, deps in tables:
            for dep, spec in deps.items():
                path, base = None, d
                if isinstance(spec, dict) and "path" in spec:
                    path = spec["path"]
                elif isinstance(spec, dict) and spec.get("workspace") and isinstance(ws_deps.get(dep), dict):
                    path, base = ws_deps[dep].get("path"), root
                if path is None:
                    continue
                other = by_dir.get(os.path.normpath(os.path.join(base, path)))
                if other and other != name:
                    graph.setdefault(name, set()).add(other)
                    evidence.setdefault((name, other), f"{os.path.relpath(os.path.join(d, 'Cargo.toml'), root)} [{table}] {dep}")
    results = []
    for cyc in cycles(graph):
        key = f"crates: {' -> '.join(cyc)}"
        lines = [f"    {a} -> {b}: {evidence[(a, b)]}" for a, b in zip(cyc, cyc[1:] + cyc[:1])]
        results.append((key, lines))
    return results, graph


def targets(root: str, name: str, d: str, data, tests: bool) -> list[Crate]:
    """The library and binary targets of one package (not its tests, benches or examples)."""
    found: list[tuple[str, str]] = []
    lib = data.get("lib", {}).get("path", "src/lib.rs")
    if os.path.isfile(os.path.join(d, lib)):
        found.append((name, lib))
    bins = [(b.get("name", name), b["path"]) for b in data.get("bin", []) if "path" in b]
    if os.path.isfile(os.path.join(d, "src/main.rs")) and not any(p == "src/main.rs" for _, p in bins):
        bins.append((name, "src/main.rs"))
    for f in sorted(glob.glob(os.path.join(d, "src/bin/*.rs")) + glob.glob(os.path.join(d, "src/bin/*/main.rs"))):
        rel = os.path.relpath(f, d)
        if not any(p == rel for _, p in bins):
            bins.append((os.path.basename(os.path.dirname(f)) if f.endswith("/main.rs") else os.path.basename(f)[:-3], rel))
    for bin_name, p in bins:
        if os.path.isfile(os.path.join(d, p)):
            found.append((f"{name} [bin {bin_name}]" if found or bin_name != name else name, p))
    return [Crate(label, os.path.join(d, p), tests, root) for label, p in found]


def read_toml(path: str) -> dict:
    if tomllib is not None:
        with open(path, "rb") as f:
            return tomllib.load(f)
    with open(path, encoding="utf-8") as f:
        return small_toml(f.read())


def small_toml(text: str) -> dict:
    """The TOML of Cargo.toml files: tables, arrays of tables, dotted keys, strings, booleans,
    numbers, arrays (over several lines too) and one-line inline tables."""
    top: dict = {}
    table = top
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = strip_comment(lines[i]).strip()
        i += 1
        if not line:
            continue
        if line.startswith("[["):
            keys = split_key(line[2:-2])
            parent = descend(top, keys[:-1])
            table = {}
            parent.setdefault(keys[-1], []).append(table)
        elif line.startswith("["):
            table = descend(top, split_key(line[1:-1]))
        else:
            key, _, value = line.partition("=")
            while value.count("[") > value.count("]") and i < len(lines):
                value += " " + strip_comment(lines[i]).strip()
                i += 1
            keys = split_key(key)
            descend(table, keys[:-1])[keys[-1]] = toml_value(value.strip())
    return top


def strip_comment(line: str) -> str:
    quote = None
    for k, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#":
            return line[:k]
    return line


def split_key(key: str) -> list[str]:
    return [k.strip().strip("\"'") for k in re.findall(r"\"[^\"]*\"|'[^']*'|[^.]+", key.strip())]


def descend(table: dict, keys: list[str]) -> dict:
    for k in keys:
        table = table.setdefault(k, {})
        if isinstance(table, list):
            table = table[-1]
    return table


def split_top(text: str) -> list[str]:
    """Splits on commas outside brackets, braces and strings."""
    parts, depth, quote, cur = [], 0, None, ""
    for c in text:
        if quote:
            quote = None if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        cur += c
    return [p.strip() for p in parts + [cur] if p.strip()]


def toml_value(v: str):
    if v[:1] in "\"'":
        return v[1:-1]
    if v == "true" or v == "false":
        return v == "true"
    if v.startswith("["):
        return [toml_value(x) for x in split_top(v[1:-1])]
    if v.startswith("{"):
        out: dict = {}
        for pair in split_top(v[1:-1]):
            key, _, value = pair.partition("=")
            keys = split_key(key)
            descend(out, keys[:-1])[keys[-1]] = toml_value(value.strip())
        return out
    return v


def warn(msg: str) -> None:
    print(f"check-cycles: warning: {msg}", file=sys.stderr)


def read_allowed(path: str) -> list[str]:
    allowed = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if line:
                allowed.append(" ".join(line.split()))
    return allowed


def main() -> int:
    ap = argparse.ArgumentParser(description="Fails on import cycles between Rust crates, modules and files.")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."), help="the workspace (default: this repository)")
    ap.add_argument("--allow", metavar="FILE", help="known cycles, one a line, reported as warnings")
    ap.add_argument("--tests", action="store_true", help="count #[cfg(test)] code and #[test] functions too")
    ap.add_argument("--roots", action="store_true", help="count the root files (lib.rs, main.rs, mod.rs) as nodes too")
    ap.add_argument("--graph", action="store_true", help="print every edge with the reference behind it")
    args = ap.parse_args()
    root = os.path.normpath(args.root)

    members, ws = workspace(root)
    found, crate_graph = crate_cycles(root, members, ws)
    n_targets = n_modules = 0
    for name, d, data in members:
        for crate in targets(root, name, d, data, args.tests):
            n_targets += 1
            n_modules += len(crate.modules)
            results, edges = module_cycles(crate, args.roots)
            found += results
            if args.graph:
                print(f"{crate.label}:")
                for src in sorted(edges):
                    for dst, (file, line, written) in sorted(edges[src].items()):
                        print(f"  {name_of(src)} -> {name_of(dst)}  ({file}:{line} {written})")
    if args.graph:
        print("crates:")
        for a in sorted(crate_graph):
            print(f"  {a} -> {', '.join(sorted(crate_graph[a]))}")

    allowed = read_allowed(args.allow) if args.allow else []
    allow_name = os.path.relpath(args.allow, root) if args.allow else ""
    new = [(k, lines) for k, lines in found if k not in allowed]
    known = [(k, lines) for k, lines in found if k in allowed]
    for k, _ in known:
        print(f"warning: known cycle, allowed by {allow_name} until it is removed: {k}")
    for k in allowed:
        if k not in {key for key, _ in found}:
            print(f"note: {allow_name} allows a cycle that no longer exists; delete its line: {k}")
    for k, lines in new:
        print(f"error: import cycle: {k}")
        print("\n".join(lines))
    if new:
        print("A module that names another depends on it; break the cycle by moving what both need into a"
              " module that names neither (see the top of scripts/check-cycles.py for what counts).")
    print(
        f"check-cycles: {len(members)} crates, {n_targets} targets, {n_modules} modules"
        f"{' (tests included)' if args.tests else ''}{' (roots included)' if args.roots else ''}: {len(new)} new cycle(s), {len(known)} allowed"
    )
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
