//! Target `sql`: a generated or mutated script run on a fresh store after a fixed
//! prelude, as `sql_run` does (Session::run_script_placed); then the store is reopened
//! read-only, its catalog loaded and verified, as the next `sql` or `info --db` would.

use sochdb_core::sql::{first_write, Session, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions, SyncMode};

use crate::case::Case;
use crate::rng::Rng;
use crate::sql_gen;

fn params(rng: &mut Rng) -> Vec<Value> {
    (0..rng.below(4))
        .map(|_| match rng.below(5) {
            0 => Value::Null,
            1 => Value::Integer(rng.next_u64() as i64),
            2 => Value::Real(f64::from_bits(rng.next_u64())),
            3 => Value::Text("p'\0☃".repeat(rng.below(4))),
            _ => Value::Blob(vec![rng.byte(); rng.below(8)]),
        })
        .collect()
}

pub fn run(case: &mut Case, rng: &mut Rng) {
    let parts = sql_gen::script(rng);
    let script = parts.join(";\n");
    let params = params(rng);
    case.save_input(script.as_bytes());
    if case.verbose {
        println!("script:\n{script}\nparams: {params:?}");
    }
    let dir = case.scratch().join("db");
    let opts = StoreOptions {
        sync: SyncMode::Off,
        ..StoreOptions::default()
    };
    let Some(mut store) = case.ok("open", Store::open(&dir, opts)) else {
        return;
    };
    let _ = first_write(&script);
    {
        let Some(mut session) = case.ok("session", Session::new(&mut store)) else {
            return;
        };
        let prelude = session.run_script(sql_gen::PRELUDE, &[], |_, _| Ok(()));
        case.check(prelude.is_ok(), format!("the prelude fails: {prelude:?}"));
        // The whole script, as `sql` runs it; then each part alone, since one part that
        // does not parse stops the whole script before anything runs.
        run_sql(case, &mut session, "script", &script, &params);
        if parts.len() > 1 {
            for p in &parts {
                run_sql(case, &mut session, "part", p, &params);
            }
        }
        case.ok("close", session.close());
    }
    if rng.one_in(3) {
        case.ok("checkpoint", store.checkpoint().map(|_| ()));
    }
    case.ok("sync", store.sync());
    drop(store);
    if let Some(mut ro) = case.ok("reopen", Store::open(&dir, StoreOptions::read_only())) {
        if let Some(mut session) = case.ok("reopen session", Session::new(&mut ro)) {
            let r = session.execute_script("SELECT * FROM t1; SELECT * FROM t2", &[]);
            case.ok("reread", r.map(|_| ()));
        }
    }
    case.ok("verify", Store::verify(&dir).map(|_| ()));
}

fn run_sql(case: &mut Case, session: &mut Session<'_>, what: &str, sql: &str, params: &[Value]) {
    // More values than placeholders is refused before anything runs.
    let params = &params[..params.len().min(sql.matches('?').count())];
    let r = session.run_script_placed(sql, params, |_, r| {
        // Touch every value, as packing the result set for JS does.
        let _ = r.message();
        if let StatementResult::Rows { rows, .. } = &r {
            let _ = rows
                .iter()
                .flatten()
                .map(|v| format!("{v:?}").len())
                .sum::<usize>();
        }
        Ok(())
    });
    case.ok(what, r.map_err(|e| e.error));
}
