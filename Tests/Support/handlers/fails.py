"""An image that fails every invocation (pushed with --handler, run by the emulator)."""


def handler(event, context):
    raise RuntimeError("this version is broken")
