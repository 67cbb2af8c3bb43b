"""The emulator's clock for alarm evaluation, which tests can speed up.

`aws-emulator --clock-rate R` makes R emulator seconds pass in each real second, from the
moment the emulator starts. Metric data points keep their real timestamps (what
PutMetricData and the emulator's own metrics give: GetMetricData answers in real time, as
Ballast reads it); alarm_evaluation.py maps each timestamp onto the emulator's clock, so an
alarm's Period of 60 s spans 60/R real seconds of data (1 s at `--clock-rate 60`).
"""
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EmulatorClock:
    """Emulator time = start + (real time − start) × rate, in epoch seconds."""

    rate: float = 1.0
    start: float = field(default_factory=time.time)

    def now(self) -> float:
        return self.at(time.time())

    def at(self, real_epoch_seconds: float) -> float:
        """The emulator time of a real instant."""
        return self.start + (real_epoch_seconds - self.start) * self.rate

    def real_seconds(self, emulator_seconds: float) -> float:
        """How long `emulator_seconds` of emulator time take in real time."""
        return emulator_seconds / self.rate
