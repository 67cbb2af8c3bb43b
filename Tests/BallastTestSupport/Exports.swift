// The launcher and the process wrappers, for every test that imports this target.
@_exported import BallastChildProcess
