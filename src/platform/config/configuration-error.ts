/** A start-up configuration problem; its message names the variable and what is wrong with it. */
export class ConfigurationError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigurationError';
  }
}
