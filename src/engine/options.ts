// The choices the jobs accept, in a module of their own: commands need them when their
// flags are declared, at start-up, before (and without) loading the job itself.

export const METRICS = ['cosine', 'l2', 'ip'] as const
export const ORDERINGS = ['none', 'random_projection', 'kmeans'] as const
export const VECTOR_FORMATS = ['auto', 'npy', 'raw_f32', 'fvecs', 'parquet'] as const
export const OUTPUT_FORMATS = ['npy', 'raw_f32', 'fvecs'] as const
export const IMPORT_FORMATS = ['auto', 'jsonl', 'csv'] as const
export const SQL_IMPORT_FORMATS = ['auto', 'parquet', 'csv', 'jsonl'] as const
