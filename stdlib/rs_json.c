/* rs_json.c — json_parse / json_stringify / json_pretty (§10.6).
 *
 * Parsing uses cJSON for the grammar; numbers are re-read from the source
 * text (in document order) so that integers keep all 64 bits: a number
 * without '.', 'e' or 'E' that fits an i64 becomes an integer, anything
 * else a float. Objects become insertion-ordered maps. Invalid JSON raises
 * JSONError with the line and column of the problem; nesting deeper than
 * RS_JSON_MAX_DEPTH raises ValueError.
 *
 * Serialising is done here (not by cJSON) so that floats use the VM's
 * shortest round-trip form with ".0" for whole numbers and keys keep
 * insertion order. Some(x)/Ok(x)/Err(x) serialise as x, None as null,
 * tuples as arrays, structs as objects; functions and ranges raise
 * TypeError, NaN and infinities ValueError.
 */
#include <cJSON.h>
#include <ctype.h>
#include <string.h>
#include "rs.h"

#define RS_JSON_MAX_DEPTH 512

/* A tree left behind by a MemoryError during conversion; freed on the next
 * call (conversion can longjmp out, cJSON's malloc'd tree cannot follow). */
static _Thread_local cJSON *rs_json_pending;

/* ---------------------------------------------------------- parsing --- */

/* Cursor over the source text that yields number tokens in order. */
typedef struct RsNumScan {
    const char *p, *end;
} RsNumScan;

static void rs_next_number(RsNumScan *sc, const char **tok, size_t *n)
{
    const char *p = sc->p;
    while (p < sc->end && *p != '-' && !isdigit((unsigned char)*p)) {
        if (*p == '"') {
            for (p++; p < sc->end && *p != '"'; p++)
                if (*p == '\\' && p + 1 < sc->end)
                    p++;
        }
        p++;
    }
    *tok = p;
    while (p < sc->end && *p && strchr("+-0123456789.eE", *p))
        p++;
    *n = (size_t)(p - *tok);
    sc->p = p;
}

/* The number node j as an integer or float value. */
static RvValue rs_json_number(RvVM *vm, const cJSON *j, RsNumScan *sc)
{
    const char *tok;
    size_t n;
    int64_t i;
    rs_next_number(sc, &tok, &n);
    if (n > 0 && !memchr(tok, '.', n) && !memchr(tok, 'e', n) && !memchr(tok, 'E', n) &&
        rs_parse_i64(tok, n, &i) == 0)
        return RV_INT(i);
    if (j->valuedouble > 1.7976931348623157e308 || j->valuedouble < -1.7976931348623157e308)
        rv_throw(vm, RV_E_VALUE, "json_parse(): number out of range: %.*s",
                 (int)(n > 40 ? 40 : n), tok);
    return RV_FLOAT(j->valuedouble);
}

/* Deepest nesting level of the tree under j (1 for a scalar). */
static int rs_json_depth(const cJSON *j, int limit)
{
    int best = 0;
    if (limit <= 0)
        return 1;
    for (const cJSON *c = j->child; c; c = c->next) {
        int d = rs_json_depth(c, limit - 1);
        if (d > best)
            best = d;
    }
    return best + 1;
}

static RvValue rs_from_cjson(RvVM *vm, const cJSON *j, RsNumScan *sc)
{
    if (cJSON_IsNull(j))
        return RV_NIL;
    if (cJSON_IsBool(j))
        return RV_BOOL(cJSON_IsTrue(j));
    if (cJSON_IsNumber(j))
        return rs_json_number(vm, j, sc);
    if (cJSON_IsString(j))
        return rv_str_cstr(vm, j->valuestring);
    if (cJSON_IsArray(j)) {
        RvValue out = rv_array_new(vm, 0);
        for (const cJSON *c = j->child; c; c = c->next)
            rv_array_push(vm, RV_AS_ARRAY(out), rs_from_cjson(vm, c, sc));
        return out;
    }
    RvValue out = rv_map_new(vm, 0);
    for (const cJSON *c = j->child; c; c = c->next) {
        RvValue key = rv_str_cstr(vm, c->string ? c->string : "");
        rv_map_set(vm, RV_AS_MAP(out), key, rs_from_cjson(vm, c, sc));
    }
    return out;
}

/* Throw JSONError for invalid text s[0..n) failing at offset off. */
static _Noreturn void rs_json_syntax(RvVM *vm, const char *s, size_t n, size_t off)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i < off && i < n; i++) {
        if (s[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    if (off >= n)
        rv_throw(vm, RV_E_JSON, "json_parse(): invalid JSON at line %zu, column %zu: "
                 "unexpected end of input", line, col);
    size_t k = n - off < 16 ? n - off : 16;
    rv_throw(vm, RV_E_JSON, "json_parse(): invalid JSON at line %zu, column %zu: "
             "unexpected '%.*s'", line, col, (int)k, s + off);
}

/* json_parse(s) / parse_json(s). */
RS_DEF(json_parse)
{
    if (rs_json_pending) {
        cJSON_Delete(rs_json_pending);
        rs_json_pending = NULL;
    }
    RvStr *s = rv_arg_str(vm, "json_parse", argv, 0);
    const char *end = NULL;
    /* length includes the NUL so that cJSON's end-of-input check passes */
    cJSON *root = cJSON_ParseWithLengthOpts(s->data, (size_t)s->len + 1, &end, 1);
    if (!root || (end && (size_t)(end - s->data) < s->len)) {
        size_t off = end ? (size_t)(end - s->data) : 0;
        cJSON_Delete(root);
        rs_json_syntax(vm, s->data, s->len, off);
    }
    if (rs_json_depth(root, RS_JSON_MAX_DEPTH + 1) > RS_JSON_MAX_DEPTH) {
        cJSON_Delete(root);
        rv_throw(vm, RV_E_VALUE, "json_parse(): nesting deeper than %d levels",
                 RS_JSON_MAX_DEPTH);
    }
    rs_json_pending = root;
    RsNumScan sc = { s->data, s->data + s->len };
    RvValue v = rs_from_cjson(vm, root, &sc);
    rs_json_pending = NULL;
    cJSON_Delete(root);
    RS_RETURN(v);
}

/* ------------------------------------------------------ serialising --- */

static void rs_json_value(RvVM *vm, RvBuf *b, RvValue v, int indent, int depth);

/* The builtin named in serialising errors: pretty output is json_pretty. */
static const char *rs_json_fn(int indent)
{
    return indent > 0 ? "json_pretty" : "json_stringify";
}

/* Append s as a JSON string literal; invalid UTF-8 bytes become U+FFFD. */
static void rs_json_string(RvBuf *b, const char *s, size_t n)
{
    rv_buf_addc(b, '"');
    size_t i = 0, lit = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t j = i;
        uint32_t cp = c < 0x80 ? (j++, c) : rs_utf8_next(s, n, &j);
        bool plain = c >= 0x20 && c != '"' && c != '\\' && !(cp >= 0xDC80 && cp <= 0xDCFF);
        if (plain) {
            i = j;
            continue;
        }
        rv_buf_add(b, s + lit, i - lit);
        switch (c) {
        case '"':  rv_buf_adds(b, "\\\""); break;
        case '\\': rv_buf_adds(b, "\\\\"); break;
        case '\n': rv_buf_adds(b, "\\n"); break;
        case '\r': rv_buf_adds(b, "\\r"); break;
        case '\t': rv_buf_adds(b, "\\t"); break;
        case '\b': rv_buf_adds(b, "\\b"); break;
        case '\f': rv_buf_adds(b, "\\f"); break;
        default:
            if (c < 0x20)
                rv_buf_printf(b, "\\u%04x", c);
            else
                rv_buf_adds(b, "\\ufffd");
        }
        i = lit = j;
    }
    rv_buf_add(b, s + lit, n - lit);
    rv_buf_addc(b, '"');
}

/* Newline plus indentation for level depth (pretty mode only). */
static void rs_json_nl(RvBuf *b, int indent, int depth)
{
    if (indent <= 0)
        return;
    rv_buf_addc(b, '\n');
    for (int i = 0; i < indent * depth; i++)
        rv_buf_addc(b, ' ');
}

/* Append a JSON array of items[0..n). */
static void rs_json_list(RvVM *vm, RvBuf *b, const RvValue *items, uint32_t n, int indent,
                         int depth)
{
    rv_buf_addc(b, '[');
    for (uint32_t i = 0; i < n; i++) {
        if (i > 0)
            rv_buf_addc(b, ',');
        rs_json_nl(b, indent, depth + 1);
        rs_json_value(vm, b, items[i], indent, depth + 1);
    }
    if (n > 0)
        rs_json_nl(b, indent, depth);
    rv_buf_addc(b, ']');
}

/* Append one "key": value member (comma handled by the caller). */
static void rs_json_member(RvVM *vm, RvBuf *b, RvValue key, RvValue v, int indent, int depth)
{
    rs_json_nl(b, indent, depth + 1);
    if (RV_IS_STR(key)) {
        rs_json_string(b, RV_AS_STR(key)->data, RV_AS_STR(key)->len);
    } else {
        RvValue ks = rv_to_str(vm, key);
        rs_json_string(b, RV_AS_STR(ks)->data, RV_AS_STR(ks)->len);
    }
    rv_buf_adds(b, indent > 0 ? ": " : ":");
    rs_json_value(vm, b, v, indent, depth + 1);
}

static void rs_json_map(RvVM *vm, RvBuf *b, RvMap *m, int indent, int depth)
{
    uint32_t it = 0, i = 0;
    RvValue k, v;
    rv_buf_addc(b, '{');
    while (rv_map_next(m, &it, &k, &v)) {
        if (i++ > 0)
            rv_buf_addc(b, ',');
        rs_json_member(vm, b, k, v, indent, depth);
    }
    if (i > 0)
        rs_json_nl(b, indent, depth);
    rv_buf_addc(b, '}');
}

static void rs_json_struct(RvVM *vm, RvBuf *b, RvStruct *s, int indent, int depth)
{
    rv_buf_addc(b, '{');
    uint32_t n = s->n < s->type->nfields ? s->n : s->type->nfields;
    for (uint32_t i = 0; i < n; i++) {
        if (i > 0)
            rv_buf_addc(b, ',');
        RvStr *name = s->type->field_names[i];
        rs_json_member(vm, b, RV_OBJ(name), s->f[i], indent, depth);
    }
    if (n > 0)
        rs_json_nl(b, indent, depth);
    rv_buf_addc(b, '}');
}

/* Enums: Option/Result unwrap to their payload (None -> null); user
 * variants follow serde: "Unit", {"Variant": x} or {"Variant": [x, y]}. */
static void rs_json_enum(RvVM *vm, RvBuf *b, RvValue v, int indent, int depth)
{
    RvEnum *e = RV_AS_ENUM(v);
    int k = rv_optres(vm, v);
    if (k == RV_OPT_NONE) {
        rv_buf_adds(b, "null");
        return;
    }
    if (k != 0) {
        rs_json_value(vm, b, e->f[0], indent, depth);
        return;
    }
    RvStr *name = e->type->variants[e->variant].name;
    if (e->n == 0) {
        rs_json_string(b, name->data, name->len);
        return;
    }
    rv_buf_addc(b, '{');
    rs_json_nl(b, indent, depth + 1);
    rs_json_string(b, name->data, name->len);
    rv_buf_adds(b, indent > 0 ? ": " : ":");
    if (e->n == 1)
        rs_json_value(vm, b, e->f[0], indent, depth + 1);
    else
        rs_json_list(vm, b, e->f, e->n, indent, depth + 1);
    rs_json_nl(b, indent, depth);
    rv_buf_addc(b, '}');
}

static void rs_json_float(RvVM *vm, RvBuf *b, double d, int indent)
{
    if (d != d || d > 1.7976931348623157e308 || d < -1.7976931348623157e308)
        rv_throw(vm, RV_E_VALUE, "%s(): cannot serialise %s", rs_json_fn(indent),
                 d != d ? "NaN" : d > 0 ? "inf" : "-inf");
    char out[400];
    size_t n = rv_fmt_float(d, true, out);
    rv_buf_add(b, out, n);
}

static void rs_json_object(RvVM *vm, RvBuf *b, RvValue v, int indent, int depth)
{
    switch (RV_AS_OBJ(v)->kind) {
    case RV_K_STR:    rs_json_string(b, RV_AS_STR(v)->data, RV_AS_STR(v)->len); return;
    case RV_K_ARRAY:
        rs_json_list(vm, b, RV_AS_ARRAY(v)->items, RV_AS_ARRAY(v)->len, indent, depth);
        return;
    case RV_K_TUPLE:
        rs_json_list(vm, b, RV_AS_TUPLE(v)->items, RV_AS_TUPLE(v)->len, indent, depth);
        return;
    case RV_K_MAP:    rs_json_map(vm, b, RV_AS_MAP(v), indent, depth); return;
    case RV_K_STRUCT: rs_json_struct(vm, b, RV_AS_STRUCT(v), indent, depth); return;
    case RV_K_ENUM:   rs_json_enum(vm, b, v, indent, depth); return;
    case RV_K_ERROR: {
        RvError *e = RV_AS_ERROR(v);
        RvValue m = rv_map_new(vm, 2);
        rv_map_set_cstr(vm, RV_AS_MAP(m), "type", rv_str_cstr(vm, rv_err_kind_name(e->ekind)));
        rv_map_set_cstr(vm, RV_AS_MAP(m), "message",
                        e->msg ? RV_OBJ(e->msg) : rv_str_new(vm, "", 0));
        rs_json_map(vm, b, RV_AS_MAP(m), indent, depth);
        return;
    }
    default:
        rv_throw(vm, RV_E_TYPE, "%s(): cannot serialise a value of type %s",
                 rs_json_fn(indent), rv_type_name(v));
    }
}

static void rs_json_value(RvVM *vm, RvBuf *b, RvValue v, int indent, int depth)
{
    if (depth > RS_JSON_MAX_DEPTH)
        rv_throw(vm, RV_E_VALUE, "%s(): nesting deeper than %d levels (or a cycle)",
                 rs_json_fn(indent), RS_JSON_MAX_DEPTH);
    switch (v.tag) {
    case RV_T_NIL:   rv_buf_adds(b, "null"); return;
    case RV_T_BOOL:  rv_buf_adds(b, RV_AS_BOOL(v) ? "true" : "false"); return;
    case RV_T_INT:   rv_buf_printf(b, "%lld", (long long)RV_AS_INT(v)); return;
    case RV_T_FLOAT: rs_json_float(vm, b, RV_AS_FLOAT(v), indent); return;
    default:         rs_json_object(vm, b, v, indent, depth); return;
    }
}

/* See rs.h. */
void rs_json_write(RvVM *vm, RvBuf *b, RvValue v, int indent)
{
    rs_json_value(vm, b, v, indent, 0);
}

RS_DEF(json_stringify)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rs_json_write(vm, &b, argv[0], 0);
    RS_RETURN(rv_buf_str(&b));
}

RS_DEF(json_pretty)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rs_json_write(vm, &b, argv[0], 2);
    RS_RETURN(rv_buf_str(&b));
}
