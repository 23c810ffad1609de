#include "viz/crystal_screen_page.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "physics/crystal/crystal_elements.h"

enum { PIC = 180 };   /* picture side, px */

static void value(pg_text_buffer *b, double v, const char *unit)
{
    if (isnan(v)) pg_text_buffer_append(b, "<td>&ndash;</td>");
    else if (v >= 1e29) pg_text_buffer_append(b, "<td>none</td>");
    else pg_text_buffer_printf(b, "<td>%.3f %s</td>", v, unit);
}

/* A colour per element: hue from Z. */
static void colour(int z, char *buf, size_t cap)
{
    snprintf(buf, cap, "hsl(%d,65%%,50%%)", (z * 47) % 360);
}

/* The cell projected along c: the a-b parallelogram and every atom at
 * its Cartesian (x, y), scaled to fit. */
static void picture(pg_text_buffer *b, const pg_crystal_structure *s)
{
    const pg_crystal_element *tab = NULL;
    if (pg_crystal_elements(&tab) != PG_OK) tab = NULL;
    const double *L = s->lattice;
    double cx[4] = {0, L[0], L[0] + L[3], L[3]},
           cy[4] = {0, L[1], L[1] + L[4], L[4]};
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    for (int k = 0; k < 4; k++) {
        x0 = fmin(x0, cx[k]);
        x1 = fmax(x1, cx[k]);
        y0 = fmin(y0, cy[k]);
        y1 = fmax(y1, cy[k]);
    }
    double span = fmax(x1 - x0, y1 - y0) + 2.0, k = PIC / span;
    pg_text_buffer_printf(b, "<svg width='%d' height='%d' "
                          "style='background:#fafafa'><polygon points='",
                          PIC, PIC);
    for (int q = 0; q < 4; q++)
        pg_text_buffer_printf(b, "%.1f,%.1f ", (cx[q] - x0 + 1) * k,
                              PIC - (cy[q] - y0 + 1) * k);
    pg_text_buffer_append(b, "' fill='none' stroke='#888'/>");
    for (int i = 0; i < s->n; i++) {
        const double *f = s->frac + 3 * i;
        double x = f[0] * L[0] + f[1] * L[3] + f[2] * L[6],
               y = f[0] * L[1] + f[1] * L[4] + f[2] * L[7];
        double r = tab && isfinite(tab[s->z[i]].radius) ? tab[s->z[i]].radius
                                                        : 1.0;
        char c[32];
        colour(s->z[i], c, sizeof c);
        pg_text_buffer_printf(b, "<circle cx='%.1f' cy='%.1f' r='%.1f' "
                              "fill='%s' fill-opacity='0.8'><title>%s</title>"
                              "</circle>", (x - x0 + 1) * k,
                              PIC - (y - y0 + 1) * k, 0.5 * r * k, c,
                              tab ? tab[s->z[i]].symbol : "?");
    }
    pg_text_buffer_append(b, "</svg>");
}

void pg_crystal_screen_page_build(const char *const *rows, int n_rows,
                                  const pg_crystal_page_entry *e, int n,
                                  pg_text_buffer *b)
{
    pg_text_buffer_append(b, "<!DOCTYPE html><html><head><meta charset="
                          "'utf-8'><title>physgan screen crystals</title>"
                          "<style>body{font-family:sans-serif;margin:2em}"
                          "td,th{padding:4px 10px;border-bottom:1px solid "
                          "#ddd;text-align:left}</style></head><body>"
                          "<h1>Screened crystals</h1><p>Ranked by the "
                          "conductivity <b>PROXY</b> (bond-valence mismatch "
                          "percolation of Li/Na, lower is better connected): "
                          "a proxy, not a conductivity.</p><table>");
    for (int i = 0; i < n_rows; i++) {
        const char *tab = strchr(rows[i], '\t');
        pg_text_buffer_append(b, "<tr><th>");
        pg_text_buffer_append_n(b, rows[i], tab ? (size_t)(tab - rows[i])
                                                : strlen(rows[i]));
        pg_text_buffer_append(b, "</th><td>");
        pg_text_buffer_append_html(b, tab ? tab + 1 : "");
        pg_text_buffer_append(b, "</td></tr>");
    }
    pg_text_buffer_printf(b, "</table><h2>Top %d</h2><table><tr><th>rank"
                          "</th><th>composition</th><th>space group</th>"
                          "<th>PROXY 3D level</th><th>1D level</th>"
                          "<th>shortest hop</th><th>head</th><th>novel</th>"
                          "<th>projected along c</th></tr>", n);
    for (int k = 0; k < n; k++) {
        pg_text_buffer_printf(b, "<tr><td>%d</td><td>", k + 1);
        pg_text_buffer_append_html(b, e[k].formula);
        pg_text_buffer_printf(b, "</td><td>%d</td>", e[k].spacegroup);
        value(b, e[k].level3, "v.u.");
        value(b, e[k].level1, "v.u.");
        value(b, e[k].hop, "&Aring;");
        value(b, e[k].head, "v.u.");
        pg_text_buffer_printf(b, "<td>%s</td><td>", e[k].novel ? "yes" : "no");
        picture(b, e[k].s);
        pg_text_buffer_append(b, "</td></tr>");
    }
    pg_text_buffer_append(b, "</table></body></html>\n");
}
