// The part of autocannon's programmatic API the benchmarks use (it ships no types).
declare module "autocannon" {
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    method?: string;
  };
  type Histogram = { average: number; p50: number; p99: number; max: number; total: number };
  type Result = {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
