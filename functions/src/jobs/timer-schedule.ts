// A job's period as the NCRONTAB expression of an Azure timer trigger ({second} {minute} {hour} {day}
// {month} {day-of-week}). Each field only counts within its own unit, so a period is written in the
// largest unit it is a whole number of: "*/5" in the seconds field is every 5 s, but "*/3600" there is
// not an hour (it would never fire past second 59).

export function timerSchedule(everySeconds: number): string {
  if (!Number.isInteger(everySeconds) || everySeconds <= 0) {
    throw new RangeError("a job's period must be a whole number of seconds");
  }
  if (everySeconds < 60 && 60 % everySeconds === 0) return `*/${everySeconds} * * * * *`;
  const minutes = everySeconds / 60;
  if (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) return `0 */${minutes} * * * *`;
  const hours = everySeconds / 3_600;
  if (hours === 1) return "0 0 * * * *";
  if (Number.isInteger(hours) && hours < 24 && 24 % hours === 0) return `0 0 */${hours} * * *`;
  if (everySeconds === 86_400) return "0 0 0 * * *";
  // A period the fields cannot express evenly would drift from what the dev host runs.
  throw new RangeError(
    `no timer schedule runs every ${everySeconds} s: use a divisor of a minute, hour or day`,
  );
}
