/** Uniform random integers from a cryptographic source: who wins a draw must not be guessable. */
export interface RandomSource {
  /** An integer in [0, maxExclusive), every value equally likely. */
  int(maxExclusive: number): number;
}
