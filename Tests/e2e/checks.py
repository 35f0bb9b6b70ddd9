"""The result checker shared by the end-to-end scripts in this directory.

It records named checks as passed or failed, prints one line for each as it is decided, and prints the summary
`N passed, M failed` alone on the last line, which CI reads; summary() returns the exit status (1 on any failure).
"""


class Checks:
    """Named pass/fail checks: `ok   NAME (detail)` or `FAIL NAME: detail`, then `N passed, M failed`.

    pass_word is the word a passed check starts with ("ok", or "PASS"); with detail_on_pass false a passed check
    prints its name only.
    """

    def __init__(self, pass_word="ok", detail_on_pass=True):
        self.pass_word = pass_word
        self.detail_on_pass = detail_on_pass
        self.passed = 0
        self.failed = 0
        self.failures = []  # names of the failed checks, in order

    def check(self, name, ok, detail=""):
        """Records `name` as passed when `ok` is true; returns `ok`, so a caller can go on only when it held."""
        if ok:
            self.passed += 1
            shown = " (%s)" % detail if detail and self.detail_on_pass else ""
            print("%-4s %s%s" % (self.pass_word, name, shown), flush=True)
        else:
            self.failed += 1
            self.failures.append(name)
            print("FAIL %s%s" % (name, (": %s" % detail) if detail else ""), flush=True)
        return ok

    def check_problems(self, name, problems):
        """Records `name` as passed when `problems` (a list of strings) is empty; a failure lists one a line."""
        if problems:
            self.failed += 1
            self.failures.append(name)
            print("FAIL %s\n  %s" % (name, "\n  ".join(problems)), flush=True)
        else:
            self.passed += 1
            print("%-4s %s" % (self.pass_word, name), flush=True)
        return not problems

    def summary(self):
        """Prints `N passed, M failed` on a line of its own; returns the exit status: 0 only when nothing failed."""
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 1 if self.failed else 0
