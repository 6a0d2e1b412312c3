import re

from conftest import ROOT


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", readme)
    assert commands[:2] == ['pip install . && rectify-nlp tag seeds -o measures.xlsx',
                            'pip install ".[test]" && python -m pytest']
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    at = ci.index(commands[1])
    # `set -e` does not stop on a failure inside an `&&` list unless it is the script's last line
    assert at == len(ci) - 1 or ci[at + 1] == "[ $? -eq 0 ] || exit 1"


def test_the_shipped_lexicon_is_the_one_written_blind():
    """The README and the benchmarks quote the shipped figures as figures with the blind lexicon."""
    shipped = (ROOT / "rectify_nlp" / "data" / "lexicon.tsv").read_bytes()
    assert shipped == (ROOT / "benchmarks" / "blind_lexicon.tsv").read_bytes()
