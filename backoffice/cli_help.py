"""``backoffice --help`` in the user's language: our help texts and argparse's own words.

The parser is declared in English in :mod:`backoffice.cli`. For Chinese,
:func:`translate_parser` puts every description, group title and help text
of the built parser (sub-commands and their actions included) through
:data:`ZH`, and :func:`argparse_words` lends argparse a translation for what
it says itself while the command line is parsed: "usage:", "options", its
error sentences (argparse asks :mod:`gettext` for them, through its module's
``_``). One table for both, keyed by the English text, so a help text and its
translation sit side by side; ``tests/test_cli_help.py`` finds any help text
without its line here. The names of the values options take (metavars: FILE,
PEM …) have theirs in :data:`METAVARS`; option names and choices stay as typed.

Argparse wraps help by ``len()`` at spaces: a Chinese line, two columns a
character and no spaces, ran past the terminal's edge. :class:`CellsFormatter`
measures in terminal cells and may break between Chinese characters.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from backoffice.cli_text import cells

# English (as declared in backoffice/cli.py, or as argparse says it) → Chinese.
# fmt: off
ZH: dict[str, str] = {
    # argparse's own words (gettext msgids of Python 3.11's argparse)
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助信息并退出",
    "show program's version number and exit": "显示程序版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",  # type: TYPE_NAMES
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "expected %s argument": "需要 %s 个参数值",
    "expected %s arguments": "需要 %s 个参数值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "ignored explicit argument %r": "已忽略显式参数 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    # the program and its commands (backoffice/cli.py: commands())
    "OneVisit Back Office — the department back office of 'One Visit Only'.": "“只跑一次”部门后台审批客户端（OneVisit Back Office）。",
    "OneVisit Back Office": "“只跑一次”部门后台审批客户端（OneVisit Back Office）",
    "start the desktop app": "启动桌面程序",
    "show (and create) the per-user folders and the store path": "显示（并创建）当前用户的文件夹和本地存储路径",
    "look at or migrate the local store": "查看或升级本地存储",
    "the sandbox central platform: serve, seed, users": "沙箱中央平台：运行服务、生成演示数据、列出用户",
    "sign in to a platform (the password is asked for)": "登录中央平台（运行时询问密码）",
    "sign out; queued changes stay for this account's next sign-in": "退出登录；待发送的修改保留到该账户下次登录时发送",
    "sync the local store with the platform": "将本地存储与中央平台同步",
    "platform, user, local store, queued changes, conflicts, last sync": "平台、用户、本地存储、待发送修改、冲突、上次同步",
    "the department's review tasks in the local store": "本地存储中本部门的审核任务",
    "one case as the local store has it": "本地存储中的一件办件",
    "claim your department's task of a case (queued; works offline)": "认领本部门在某办件上的审核任务（加入待发送队列，离线可用）",
    "add a comment to a case (queued; works offline)": "为办件添加备注（加入待发送队列，离线可用）",
    "list conflicted changes; re-apply or discard one": "列出存在冲突的修改；重新提交或放弃其中一项",
    "the joint site inspections in the local store": "本地存储中的联合现场勘察",
    "joint inspection planning: find slots for a planning problem": "联合勘察排期：为排期问题查找可用时段",
    "decision documents: render one from case data to PDF": "决定书：根据办件数据生成 PDF",
    "apply the department's e-seal to a PDF (PKCS#12 file or PKCS#11 token)": "为 PDF 加盖本部门电子印章（PKCS#12 文件或 PKCS#11 令牌）",
    "add the awaited timestamp and revocation info to a sealed PDF": "为已签章的 PDF 补加时间戳和吊销信息",
    "verify the seals of a PDF: exit 0 only if intact, trusted, not revoked": "验证 PDF 的签章：仅在完整、可信、未吊销时以 0 退出",
    "the sealed archive package of a case: create or verify": "办件的签章归档包：生成或验证",
    # general options
    "language of the interface and messages (default: $BACKOFFICE_LANG, then the locale, then zh)": "界面和提示信息的语言（默认：$BACKOFFICE_LANG，其次为系统区域设置，再次为 zh）",
    "also log to stderr (the log file is always written)": "同时将日志输出到标准错误（日志文件始终写入）",
    "print JSON for scripts": "输出 JSON，供脚本使用",
    # app
    "training mode: the window says so; nothing is sent to a real platform": "培训模式：窗口上有提示；不向真实平台发送任何内容",
    "show the main window, run about a second, exit 0 (no dialogs; for checks)": "显示主窗口，运行约一秒后以 0 退出（不弹对话框；用于检查）",
    "save a PNG of the main window once painted, then exit (implies --smoke); a failed start-up step is pictured too, and the exit code still fails": "主窗口绘制完成后保存为 PNG 并退出（隐含 --smoke）；启动步骤失败时同样截图，退出码仍为失败",
    # store
    "show the store's schema, row counts and outbox (read-only)": "显示本地存储的结构版本、各表行数和待发送队列（只读）",
    "create the store or upgrade its schema": "创建本地存储或升级其结构",
    "a store file (default: the signed-in person's store)": "本地存储文件（默认：当前登录人员的本地存储）",
    "the profile's store (a folder name under <data dir>/profiles)": "该配置的本地存储（<数据目录>/profiles 下的文件夹名）",
    # sandbox
    "serve the platform API over HTTP": "通过 HTTP 提供平台接口",
    "replace the database with reproducible demo data": "用可复现的演示数据替换数据库",
    "list the accounts with department and roles": "列出账户及其部门和角色",
    "address to listen on": "监听地址",
    "port (0: any free port)": "端口（0：任一空闲端口）",
    "database: a SQLite file path or a SQLAlchemy URL (default: <data dir>/sandbox/platform.sqlite3)": "数据库：SQLite 文件路径或 SQLAlchemy URL（默认：<数据目录>/sandbox/platform.sqlite3）",
    "play the one-window desk and the applicants (new cases, answers)": "模拟综合窗口和申请人（新办件、补正答复）",
    "number of cases": "办件数量",
    "random seed (same seed, same data)": "随机种子（种子相同，数据相同）",
    "every user's password (default: generated and printed once)": "所有用户的密码（默认：随机生成并仅显示一次）",
    # sign-in and sync
    "the platform's URL (https://…)": "平台地址（https://…）",
    "your user name on the platform": "您在平台上的用户名",
    "read the password from the first line of standard input": "从标准输入的第一行读取密码",
    "extra trusted CA certificates, on top of the system's": "在系统证书之外额外信任的 CA 证书",
    "one sync, then exit (otherwise: keep syncing until stopped)": "同步一次后退出（否则持续同步，直到被停止）",
    "seconds between syncs when running continuously (from 10 to 86400, a day)": "持续同步时两次同步的间隔秒数（10 至 86400，即最长一天）",
    "show the records and files received so far on stderr (default: when stderr is a terminal)": "在标准错误上显示已接收的记录和文件数（默认：标准错误为终端时显示）",
    "sign in with the password on the first line of standard input; without a usable keyring, for this process only": "用标准输入第一行的密码登录；密钥环不可用时，仅对本进程有效",
    "at most this many tasks (1 or more)": "最多显示的任务数（至少 1）",
    "the department's efficiency for a period: on-time completion, immediate cases, overdue cases (local store)": "本部门某一期间的办事效率：按时办结、即办件、超期办件（本地存储）",
    "first day of the period, YYYY-MM-DD (default: the first of the month of --to, else of this month, Beijing time)": "统计期间的第一天，格式 YYYY-MM-DD（默认：--to 所在月的一日，未给 --to 时为本月一日，北京时间）",
    "last day of the period, YYYY-MM-DD, included (default: the last of the month of --from, else of this month)": "统计期间的最后一天（含），格式 YYYY-MM-DD（默认：--from 所在月的最后一天，未给 --from 时为本月最后一天）",
    "also finished tasks (default: the department's open tasks, whoever holds them)": "同时显示已完成的任务（默认：显示本部门所有未完成的任务，无论由谁办理）",
    "queue it again on the current version": "基于最新版本重新加入待发送队列",
    "give it up": "放弃该修改",
    # plan
    "the earliest slots of a planning problem (JSON, see docs/planning.md), with team and explanation": "排期问题（JSON，见 docs/planning.md）最早的可用时段，附勘察人员和说明",
    "the planning problem as JSON": "JSON 格式的排期问题",
    # documents, seals, verification, archive
    "render a decision document to PDF (GB/T 9704)": "将决定书生成 PDF（GB/T 9704）",
    "overrides the JSON's kind: %(choices)s": "覆盖 JSON 中的决定类型：%(choices)s",
    "the document's data as JSON (see docs/signing.md)": "JSON 格式的文书数据（见 docs/signing.md）",
    "the document number; without it the document is a draft": "文号；未给出时为草稿",
    "the seal's key (PKCS#12 file or PKCS#11 token)": "印章密钥（PKCS#12 文件或 PKCS#11 令牌）",
    "a PKCS#12 (.p12/.pfx) file": "PKCS#12（.p12/.pfx）文件",
    "the token's PKCS#11 library (.so/.dll)": "令牌的 PKCS#11 库（.so/.dll）",
    "PKCS#11: the token's label": "PKCS#11：令牌标签",
    "PKCS#11: the key's label": "PKCS#11：密钥标签",
    "PKCS#11: the certificate's label (default: key label)": "PKCS#11：证书标签（默认：与密钥标签相同）",
    "read the password or PIN from the first line of standard input (otherwise it is asked for; never on the command line)": "从标准输入的第一行读取密码或 PIN（否则运行时询问；不得写在命令行上）",
    "RFC 3161 timestamp authority; unreachable: sealed, awaiting timestamp": "RFC 3161 时间戳服务；无法连接时：已签章，等待时间戳",
    "trusted root certificate(s): the seal's certificate must chain to one (repeatable; default: the PEM files in <data dir>/trust/)": "受信任的根证书：签章证书须能链接到其中之一（可重复；默认：<数据目录>/trust/ 中的 PEM 文件）",
    "a CRL (DER or PEM): a certificate on it does not seal (repeatable)": "CRL（DER 或 PEM）：列入其中的证书不能签章（可重复）",
    "the text under the star of the seal image": "印章图案中五角星下方的文字",
    "seal a draft (a document without its document number)": "为草稿（无文号的文书）签章",
    "RFC 3161 timestamp authority": "RFC 3161 时间戳服务",
    "trusted root certificate(s) (repeatable)": "受信任的根证书（可重复）",
    "trusted root certificate(s) (repeatable; default: the PEM files in <data dir>/trust/)": "受信任的根证书（可重复；默认：<数据目录>/trust/ 中的 PEM 文件）",
    "a CRL (DER or PEM) to check revocation against (repeatable)": "用于检查吊销状态的 CRL（DER 或 PEM，可重复）",
    "fetch CRLs/OCSP named in the certificates (network)": "获取证书中列明的 CRL/OCSP（需联网）",
    "when no revocation information is found: reject (default), warn, or ignore": "找不到吊销信息时：拒绝（默认）、警告或忽略",
    "reject a seal that is still awaiting its timestamp": "拒绝仍在等待时间戳的签章",
    "judge the seals as of this moment, e.g. \"2026-03-01 10:00\" (China time unless a zone is given): was it valid then?": "按此时刻验证签章，例如 \"2026-03-01 10:00\"（未写时区即为北京时间）：当时是否有效？",
    "reject a seal whose certificate names another organisation than this department (every department's certificate chains to the same root)": "拒绝证书所载单位不是该部门的签章（各部门的证书都链接到同一根证书）",
    "package the sealed decision and the case's files; the manifest is sealed and timestamped": "将已签章的决定书和办件文件打包；清单加盖签章和时间戳",
    "check the package: manifest seal, every file, the decision's seal": "检查归档包：清单签章、每个文件、决定书签章",
    "the sealed decision document": "已签章的决定书",
    "a material (repeatable)": "申请材料（可重复）",
    "a correction notice (repeatable)": "一次性告知书（可重复）",
    "an inspection record (repeatable)": "勘察记录（可重复）",
    # errors of our own argument types (backoffice/cli.py: _interval, _text)
    "must not be empty": "不能为空",
    "not a number of seconds: {text!r}": "不是秒数：{text!r}",
    "from {minimum} to {maximum} seconds (a day), not {text}": "须为 {minimum} 至 {maximum} 秒（最长一天），不能是 {text}",
    "not a whole number: {text!r}": "不是整数：{text!r}",
    "at least 1, not {text}": "至少为 1，不能是 {text}",
    "a port from 0 (any free port) to 65535, not {text}": "端口须为 0（任一空闲端口）至 65535，不能是 {text}",
    "not a date YYYY-MM-DD: {text!r}": "不是 YYYY-MM-DD 格式的日期：{text!r}",
}

# The values options take, as the help names them (argparse's default for an option
# without a metavar is its name in capitals: --server SERVER). Short: they sit in
# the usage line and beside each option.
METAVARS: dict[str, str] = {
    "ACTION": "操作",
    "CASES": "件数",
    "CASE_CODE": "统一审核编码",
    "CERT_LABEL": "证书标签",
    "COMMAND": "命令",
    "DATE": "日期",
    "DATE-TIME": "日期时间",
    "DB": "数据库",
    "DEPARTMENT": "部门",
    "FILE": "文件",
    "FILE.pdf": "文件.pdf",
    "FILE.zip": "文件.zip",
    "HOST": "地址",
    "ID": "编号",
    "KIND": "类型",
    "IN.pdf": "输入.pdf",
    "INTERVAL": "秒数",
    "KEY_LABEL": "密钥标签",
    "LIB": "库文件",
    "LIMIT": "条数",
    "OUT.pdf": "输出.pdf",
    "PATH": "路径",
    "PDF": "文件.pdf",
    "PEM": "证书",
    "PORT": "端口",
    "PROFILE": "配置",
    "PURPOSE": "用途",
    "PW": "密码",
    "SEED": "种子",
    "SERVER": "网址",
    "TEXT": "内容",
    "TOKEN_LABEL": "令牌标签",
    "URL": "网址",
    "USER": "用户名",
    "ZIP": "文件.zip",
}

# Argparse names the type in "invalid %(type)s value" by its function's __name__ ("int").
TYPE_NAMES: dict[Callable[[str], object], str] = {
    int: "整数",
    float: "数字",
}
# fmt: on

_language = ["en"]  # the language argparse_words lent argparse; a list: no global statement


def said(text: str) -> str:
    """``text`` in the language lent to argparse (:func:`argparse_words`), else as it is."""
    return ZH.get(text, text) if _language[0] == "zh" else text


def _plural(singular: str, plural: str, count: int) -> str:
    return said(singular if count == 1 else plural)


@contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """While parsing, argparse says its own words ("usage:", errors) in ``lang``.

    Argparse looks them up through ``gettext`` under the names ``_`` and
    ``ngettext`` in its module; for Chinese both are replaced by lookups in
    :data:`ZH` for the time of the block, and put back after it (``--help``
    leaves the block by ``SystemExit``).
    """
    names = ("_", "ngettext")
    kept: dict[str, Callable[..., str]] = {name: getattr(argparse, name) for name in names}
    _language[0] = lang
    if lang == "zh":
        setattr(argparse, "_", said)  # noqa: B010 - argparse's private name, on purpose
        setattr(argparse, "ngettext", _plural)  # noqa: B010
    try:
        yield
    finally:
        _language[0] = "en"
        for name, function in kept.items():
            setattr(argparse, name, function)


def translate_parser(parser: argparse.ArgumentParser, lang: str) -> None:
    """Put ``parser``'s texts, and its sub-commands', into ``lang`` (Chinese from :data:`ZH`,
    metavars from :data:`METAVARS`); their help wrapped by :class:`CellsFormatter`."""
    for each in _parsers(parser):
        each.formatter_class = CellsFormatter
        if lang == "zh":
            for action in each._actions:
                name = metavar(action)
                if name is not None:
                    action.metavar = METAVARS.get(name, name)
                if callable(action.type) and action.type in TYPE_NAMES:
                    action.type = _named(action.type, TYPE_NAMES[action.type])
    if lang == "zh":
        _walk(parser, lambda text: ZH.get(text, text))


def _named(convert: Callable[[str], object], name: str) -> Callable[[str], object]:
    """``convert`` under the ``name`` argparse's "invalid … value" error gives it."""

    def named(text: str) -> object:
        return convert(text)

    named.__name__ = name
    return named


def metavar(action: argparse.Action) -> str | None:
    """The name the help gives the value ``action`` takes; None for a flag or choices."""
    if isinstance(action.metavar, str):
        return action.metavar
    if action.metavar is not None or action.nargs == 0 or action.choices is not None:
        return None
    return action.dest.upper() if action.option_strings else action.dest


def metavars(parser: argparse.ArgumentParser) -> list[str]:
    """Every metavar of ``parser`` and its sub-commands, for the test that each has its line."""
    found = [metavar(a) for p in _parsers(parser) for a in p._actions]
    return sorted({name for name in found if name is not None})


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every text :func:`translate_parser` translates, for the test that each has its line."""
    return _walk(parser, lambda text: text)


def _walk(parser: argparse.ArgumentParser, change: Callable[[str], str]) -> list[str]:
    """Replace each text of ``parser`` and its sub-parsers by ``change(text)``; the texts met."""
    met: list[str] = []

    def text(value: str | None) -> str | None:
        if not value or value == argparse.SUPPRESS:
            return value
        if value not in met:
            met.append(value)
        return change(value)

    parser.description = text(parser.description)
    for group in parser._action_groups:
        group.title = text(group.title)
        group.description = text(group.description)
    for action in parser._actions:
        action.help = text(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = text(choice.help)
            for child in action.choices.values():
                met += [t for t in _walk(child, change) if t not in met]
    return met


# --- wrapping by terminal cells ------------------------------------------------

# No line starts with closing punctuation nor ends with opening punctuation.
_CLOSING = frozenset("，。、；：？！）》」』】”’,.;:?!)]}%…")
_OPENING = frozenset("（《「『【“‘([{")
# argparse's parts of a usage line: a bracketed group whole, else a word.
_USAGE_PART = re.compile(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+")

Piece = tuple[str, str]  # (what joins it to the piece before on a line, its text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: broken at spaces, and between
    Chinese characters (never before closing punctuation or after opening)."""
    pieces: list[Piece] = []
    for word in text.split():
        glue, run, placeholder = " ", "", False
        for char in word:
            # A placeholder ("<数据目录>") is one name: kept whole, as a word is.
            if run and not placeholder and _may_break(run[-1], char):
                pieces.append((glue, run))
                glue, run = "", ""
            run += char
            placeholder = (placeholder or char == "<") and char != ">"
        pieces.append((glue, run))
    return _pack([p for piece in pieces for p in _cut(piece, width)], width, width)


def _may_break(before: str, after: str) -> bool:
    if after in _CLOSING or before in _OPENING:
        return False
    return cells(before) == 2 or cells(after) == 2


def _cut(piece: Piece, width: int) -> list[Piece]:
    """A piece wider than a line in pieces that fit (as textwrap breaks a long word)."""
    glue, text = piece
    out: list[Piece] = []
    run = ""
    for char in text:
        if run and cells(run + char) > width:
            out.append((glue, run))
            glue, run = "", ""
        run += char
    return [*out, (glue, run)]


def _pack(pieces: Iterable[Piece], first: int, rest: int) -> list[str]:
    """Pieces in lines: ``first`` cells for the first line, ``rest`` for the others."""
    lines: list[str] = []
    line = ""
    for glue, text in pieces:
        joined = line + glue + text if line else text
        if line and cells(joined) > (rest if lines else first):
            lines.append(line)
            line = text
        else:
            line = joined
    return [*lines, line] if line else lines


class CellsFormatter(argparse.HelpFormatter):
    """Argparse's help, measured in terminal cells: a Chinese character takes two.

    The help texts wrap by :func:`wrap`; the column of the help beside an option
    and the usage line's continuation count the cells of Chinese metavars.
    """

    class _Section(argparse.HelpFormatter._Section):
        def format_help(self) -> str:
            page = super().format_help()
            heading = self.heading
            if heading and heading is not argparse.SUPPRESS and cells(heading[-1]) == 2:
                # A Chinese title ends in the full-width colon, as "用法：" does;
                # argparse puts an ASCII one after every title.
                page = page.replace(f"{heading}:\n", f"{heading}：\n", 1)
            return page

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        # Line by line: the epilog lists the exit codes one a line, indented.
        out = []
        for line in text.splitlines():
            lead = line[:len(line) - len(line.lstrip())]
            out += [indent + lead + part for part in wrap(line, width - cells(lead))]
        return "\n".join(out)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            invocations += [self._format_action_invocation(sub)
                            for sub in self._iter_indented_subactions(action)]
            longest = max(map(cells, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, longest)

    def _format_action(self, action: argparse.Action) -> str:
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        header = " " * self._current_indent + self._format_action_invocation(action)
        # Beside its help when it leaves two cells before the help's column, as argparse.
        beside = bool(action.help) and cells(header) <= help_position - 2
        parts = [header + " " * (help_position - cells(header)) if beside else header + "\n"]
        text = self._expand_help(action) if action.help and action.help.strip() else ""
        lines = self._split_lines(text, help_width) if text else []
        for n, line in enumerate(lines):
            parts.append(("" if n == 0 and beside else " " * help_position) + line + "\n")
        if beside and not lines:
            parts.append("\n")
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)

    def _usage_parts(self, actions: list[argparse.Action],
                     groups: list[argparse._MutuallyExclusiveGroup]) -> list[str]:
        """The usage of ``actions`` in the parts a line may break between."""
        parts: list[str] = []
        for part in _USAGE_PART.findall(self._format_actions_usage(actions, groups)):
            # A required option's value stays beside it (argparse parts them).
            if parts and parts[-1].startswith("-") and not part.startswith(("-", "[", "(")):
                parts[-1] += " " + part
            else:
                parts.append(part)
        return parts

    def _format_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                      groups: Iterable[argparse._MutuallyExclusiveGroup],
                      prefix: str | None) -> str:
        if prefix is None:
            prefix = getattr(argparse, "_")("usage: ")  # noqa: B009 - lent by argparse_words
        actions = list(actions)
        if usage is not None or not actions:
            return super()._format_usage(usage, actions, groups, prefix)
        groups = list(groups)
        optionals = self._usage_parts([a for a in actions if a.option_strings], groups)
        positionals = self._usage_parts([a for a in actions if not a.option_strings], groups)
        width = self._width - self._current_indent
        indent = cells(prefix + self._prog) + 1
        if indent > 0.75 * width:  # a long prog: the rest under it, not beside
            indent = cells(prefix)
        first, rest = width - cells(prefix), width - indent
        lines = _pack([(" ", p) for p in (self._prog, *optionals, *positionals)], first, rest)
        if len(lines) > 1 and optionals and positionals:
            # As argparse: wrapped, the positionals start a line of their own.
            lines = (_pack([(" ", p) for p in (self._prog, *optionals)], first, rest)
                     + _pack([(" ", p) for p in positionals], rest, rest))
        return prefix + ("\n" + " " * indent).join(lines) + "\n\n"
