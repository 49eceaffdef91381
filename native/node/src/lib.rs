//! napi-rs glue: converts between JS values and sochdb-core calls. No logic lives here.
