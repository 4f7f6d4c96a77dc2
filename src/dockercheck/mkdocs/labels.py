"""The words of the cheat sheet's page and of the explanations, by the site's language (``theme.language``).

Each label is markup (``Markup``): the template fills the ``%(name)s`` slots
with its ``format`` filter, which escapes what goes in. A language without
labels gets English; a site can change any label with the plugin's
``labels`` option, or the whole page with its own template.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

ZH = {
    "title": "Docker 命令速查",
    "hidden": "docker 的帮助中没有列出（隐藏的选项），docker 接受它",
    "permalink_title": "本节链接",
    "intro": "笔记中出现的每一条 docker 命令都收在这里，按 <code>docker --help</code> 的分组排列，附上 docker "
    "自己的一句话说明、用法（Usage）和别名；每种写法下面逐个解释其中的选项，说明同样取自 docker 的帮助。"
    "点“出处”可以跳到笔记中写这条命令的那一行；在笔记的代码块里，把鼠标移到命令或选项上（手机上轻点）也能看到同样的说明。",
    "uses": "笔记中共有 <strong>%(uses)s</strong> 处 docker 命令，归为 <strong>%(entries)s</strong> 个不同的命令。",
    "covers": "笔记覆盖了 docker 的 <strong>%(total)s</strong> 个命令中的 <strong>%(covered)s</strong> 个"
    '（见<a href="#coverage">覆盖情况</a>）。',
    "source": "说明和用法取自 <strong>docker %(version)s</strong> 的帮助（来源：%(kind)s）",
    "source_live": "构建时本机安装的 docker",
    "source_snapshot": "随项目保存的 docker 帮助快照",
    "source_fallback": "（构建时本机的 docker 没有正常回答，改用了快照）",
    "generated": "本页在每次构建网站时由笔记和 docker 的帮助自动生成，新写的命令在下次构建时出现。",
    "group_common": "常用命令",
    "group_management": "管理命令",
    "group_swarm": "Swarm 命令",
    "group_other": "其他命令",
    "group_plugin": "docker %(plugin)s（插件）",
    "short": "说明",
    "usage": "用法",
    "aliases": "也可写作",
    "in_notes": "笔记中",
    "in_notes_count": "%(uses)s 处，%(examples)s 种写法",
    "where": "出处：",
    "where_sep": "、",
    "where_count": "（%(count)s 处）",
    "where_more": " 等 %(uses)s 处",
    "together": "<code>%(written)s</code> 是 %(parts)s 的合写：",
    "default": "（默认值 <code>%(default)s</code>）",
    "more_examples": "另外 %(count)s 种写法",
    "more_unlisted": "还有 %(count)s 种写法（共 %(uses)s 处）未列出。",
    "unresolved": "未能对照帮助的命令",
    "unresolved_intro": "下面的命令在 docker 的帮助中找不到（写错的子命令，或者需要本机没有安装的 CLI 插件），"
    "因此没有说明和用法。",
    "unresolved_more": "还有 %(count)s 种写法未列出。",
    "coverage": "覆盖情况",
    "coverage_count": "笔记覆盖了 docker %(version)s 的 <strong>%(total)s</strong> 个命令中的 "
    "<strong>%(covered)s</strong> 个（%(share)s%%）。",
    "coverage_intro": "命令按 docker 的帮助列出：每个管理命令（如 <code>docker container</code>）下的子命令一组，"
    "其余顶层命令一组。同一个命令的几个名字（如 <code>docker ps</code> 与 <code>docker container ls</code>）只算一个，"
    "笔记用了其中任何一个就算覆盖；管理命令本身只负责分派，不计数。",
    "coverage_plugins": "笔记还用到了 CLI 插件的命令，单独计数：",
    "coverage_plugin": "<code>docker %(plugin)s</code> 的 <strong>%(total)s</strong> 个命令中的 "
    "<strong>%(covered)s</strong> 个",
    "coverage_sep": "；",
    "top_level": "不属于管理命令的顶层命令",
    "plugin": "插件",
    "covered_of": "已覆盖 %(covered)s / %(total)s",
    "col_command": "命令",
    "col_short": "说明",
    "col_notes": "笔记",
    "covered": "✔ 已覆盖",
    "end": "。",
    "colon": "：",
}

EN = {
    "title": "Docker command cheat sheet",
    "hidden": "not listed in docker's help (a hidden flag); docker accepts it",
    "permalink_title": "Permanent link",
    "intro": "Every docker command the notes use, in the groups of <code>docker --help</code>, with docker's own "
    "description, usage and aliases; under each way the notes write it, every flag in it is explained, from "
    "docker's help too. A place links to the line of the note that writes it; in the notes' code blocks, "
    "hovering over a command or a flag (tapping it on a phone) shows the same explanation.",
    "uses": "The notes write <strong>%(uses)s</strong> docker commands, <strong>%(entries)s</strong> distinct ones.",
    "covers": "They cover <strong>%(covered)s</strong> of docker's <strong>%(total)s</strong> commands "
    '(see <a href="#coverage">coverage</a>).',
    "source": "Descriptions and usage from the help of <strong>docker %(version)s</strong> (%(kind)s)",
    "source_live": "the docker installed where the site was built",
    "source_snapshot": "the snapshot of docker's help kept with the checker",
    "source_fallback": " (the docker where the site was built did not answer; the snapshot was used)",
    "generated": "This page is generated from the notes and docker's help at every build.",
    "group_common": "Common commands",
    "group_management": "Management commands",
    "group_swarm": "Swarm commands",
    "group_other": "Other commands",
    "group_plugin": "docker %(plugin)s (plugin)",
    "short": "Description",
    "usage": "Usage",
    "aliases": "Aliases",
    "in_notes": "In the notes",
    "in_notes_count": "written %(uses)s× (%(examples)s distinct)",
    "where": "Where: ",
    "where_sep": ", ",
    "where_count": " (%(count)s times)",
    "where_more": " and more, %(uses)s in all",
    "together": "<code>%(written)s</code> is %(parts)s written together:",
    "default": " (default <code>%(default)s</code>)",
    "more_examples": "%(count)s more ways of writing it",
    "more_unlisted": "%(count)s more (%(uses)s uses) not listed.",
    "unresolved": "Commands not found in docker's help",
    "unresolved_intro": "These commands are not in docker's help (a misspelt command, or a CLI plugin the "
    "build's docker does not have): no description or usage.",
    "unresolved_more": "%(count)s more not listed.",
    "coverage": "Coverage",
    "coverage_count": "The notes cover <strong>%(covered)s</strong> of the <strong>%(total)s</strong> commands of "
    "docker %(version)s (%(share)s%%).",
    "coverage_intro": "Commands as docker's help lists them: one table per management command (such as "
    "<code>docker container</code>), one for the other top-level commands. A command's names (<code>docker ps"
    "</code> and <code>docker container ls</code>) count once, covered by a use of any of them; management "
    "commands only dispatch and are not counted.",
    "coverage_plugins": "The notes use CLI plugins too, counted apart: ",
    "coverage_plugin": "<strong>%(covered)s</strong> of the <strong>%(total)s</strong> commands of "
    "<code>docker %(plugin)s</code>",
    "coverage_sep": "; ",
    "top_level": "top-level commands outside the management commands",
    "plugin": "plugin",
    "covered_of": "covered %(covered)s / %(total)s",
    "col_command": "Command",
    "col_short": "Description",
    "col_notes": "Notes",
    "covered": "✔ covered",
    "end": ".",
    "colon": ": ",
}

LANGUAGES = {"zh": ZH, "en": EN}


def labels(language: str | None, overrides: Mapping[str, str] | None = None) -> dict[str, Markup]:
    """The labels of a site's language (``zh``, ``zh_TW``, ``en``; English for any other), as markup."""
    base = (language or "en").replace("-", "_").split("_")[0].lower()
    chosen = dict(LANGUAGES.get(base, EN))
    chosen.update(overrides or {})
    return {key: Markup(value) for key, value in chosen.items()}
