/* rs_sys.c — the process environment and the clock (§10.7): env_var,
 * env_vars, now_ms / timestamp / get_time_ms, now_iso, iso_time.
 *
 * Lambda configuration arrives in environment variables, so env_var is an
 * Option (Some(value) / None) a handler can unwrap_or. Times are UTC wall
 * clock (CLOCK_REALTIME); now_iso is the ISO-8601 / RFC 3339 form that
 * JSON APIs and CloudWatch expect: 2026-11-22T10:38:11.123Z.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "rs.h"

extern char **environ;

/* env_var(name) -> Some(value) or None. TypeError for a non-string name;
 * a name no variable can have ("", or containing '=' or NUL) is None. */
RS_DEF(env_var)
{
    RvStr *name = rv_arg_str(vm, "env_var", argv, 0);
    if (name->len == 0 || memchr(name->data, '=', name->len) ||
        strlen(name->data) != name->len)
        RS_RETURN(rv_none(vm));
    const char *v = getenv(name->data);
    if (!v)
        RS_RETURN(rv_none(vm));
    RS_RETURN(rv_some(vm, rv_str_cstr(vm, v)));
}

/* env_vars() -> map of every environment variable (environment order). */
RS_DEF(env_vars)
{
    RvValue out = rv_map_new(vm, 0);
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq || eq == *e)
            continue;
        rv_map_set(vm, RV_AS_MAP(out), rv_str_new(vm, *e, (size_t)(eq - *e)),
                   rv_str_cstr(vm, eq + 1));
    }
    RS_RETURN(out);
}

/* Wall-clock time now. */
static struct timespec rs_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        ts.tv_sec = time(NULL);
        ts.tv_nsec = 0;
    }
    return ts;
}

/* now_ms() / timestamp() / get_time_ms() -> integer milliseconds since
 * 1970-01-01T00:00:00Z. */
RS_DEF(now_ms)
{
    struct timespec ts = rs_now();
    RS_RETURN(RV_INT((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000));
}

/* See rs.h. Civil date from days since 1970-01-01 in the proleptic
 * Gregorian calendar, counted in 400-year eras of 146097 days whose years
 * start on March 1 (so the leap day ends a year); no libc time zone code. */
bool rs_utc_iso(int64_t ms, char *out, size_t cap)
{
    int64_t sec = ms / 1000, rem = ms % 1000;
    if (rem < 0) {
        rem += 1000;
        sec -= 1;
    }
    if (sec < -62167219200LL || sec > 253402300799LL)   /* 0000-01-01 .. 9999-12-31 */
        return false;
    int64_t days = sec / 86400, tod = sec % 86400;
    if (tod < 0) {
        tod += 86400;
        days -= 1;
    }
    int64_t z = days + 719468;                  /* days since 0000-03-01 */
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;             /* day of era, 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);   /* from March 1 */
    int64_t mp = (5 * doy + 2) / 153;           /* month from March, 0..11 */
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    int64_t year = yoe + era * 400 + (month <= 2);
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (int)year, month, day,
             (int)(tod / 3600), (int)(tod / 60 % 60), (int)(tod % 60), (int)rem);
    return true;
}

/* ISO-8601 UTC text of ms milliseconds since the epoch. ValueError naming
 * fn when the year does not fit 0000..9999. */
static RvValue rs_iso(RvVM *vm, const char *fn, int64_t ms)
{
    char out[40];
    if (!rs_utc_iso(ms, out, sizeof out))
        rv_throw(vm, RV_E_VALUE, "%s(): time %lld ms is outside years 0000..9999", fn,
                 (long long)ms);
    return rv_str_new(vm, out, strlen(out));
}

/* now_iso() -> "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC, millisecond precision). */
RS_DEF(now_iso)
{
    struct timespec ts = rs_now();
    RS_RETURN(rs_iso(vm, "now_iso", (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000));
}

/* iso_time(ms) -> the now_iso form of ms milliseconds since the epoch. */
RS_DEF(iso_time)
{
    RS_RETURN(rs_iso(vm, "iso_time", rv_arg_int(vm, "iso_time", argv, 0)));
}
