"""What this part of the member portal (issue 19) registers with the core; filled in as it is built."""


def register():
    pass
