#include "viz/protein_logo.h"

#include <math.h>
#include <string.h>

#include "physics/protein/protein_alphabet.h"

enum { K = PG_PROTEIN_K };
#define COL_W 9.0       /* px a column */
#define BIT_H 24.0      /* px a bit */
#define CAP_H 0.72      /* cap height of a sans-serif glyph, per font size */
#define LEFT 36.0
#define TOP 22.0

double pg_protein_logo_ic(const double *c)
{
    double n = 0, h = 0;
    for (int a = 0; a < K; a++) n += c[a];
    if (n <= 0) return 0;
    for (int a = 0; a < K; a++)
        if (c[a] > 0) h -= c[a] / n * log2(c[a] / n);
    return log2((double)K) - h;
}

static const char *colour(char r)
{
    if (strchr("DE", r)) return "#d62728";
    if (strchr("KRH", r)) return "#1f4fd6";
    if (strchr("STYCNQG", r)) return "#2ca02c";
    return "#222222";
}

void pg_protein_logo_svg(pg_text_buffer *b, const double *counts,
                         int columns, const char *title)
{
    double max_bits = log2((double)K), height = max_bits * BIT_H;
    double width = LEFT + columns * COL_W + 8;
    pg_text_buffer_printf(b, "<div style=\"overflow-x:auto\"><svg "
                          "xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
                          "height=\"%.0f\" font-family=\"sans-serif\">\n",
                          width, height + TOP + 20);
    pg_text_buffer_printf(b, "<text x=\"%.0f\" y=\"14\" font-size=\"12\">",
                          LEFT);
    pg_text_buffer_append_html(b, title);
    pg_text_buffer_append(b, "</text>\n");
    double base = TOP + height;
    /* axis: 0 to log2(20) bits */
    pg_text_buffer_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                          "y2=\"%.1f\" stroke=\"#000\"/>\n", LEFT - 2, TOP,
                          LEFT - 2, base);
    for (int t = 0; t <= 4; t++)
        pg_text_buffer_printf(b, "<text x=\"%.1f\" y=\"%.1f\" "
                              "font-size=\"9\" text-anchor=\"end\">%d</text>\n",
                              LEFT - 5, base - t * BIT_H + 3, t);
    pg_text_buffer_printf(b, "<text x=\"10\" y=\"%.1f\" font-size=\"9\" "
                          "transform=\"rotate(-90 10 %.1f)\">bits</text>\n",
                          base - height / 2, base - height / 2);
    for (int k = 0; k < columns; k++) {
        const double *c = counts + (size_t)k * K;
        double n = 0, ic = pg_protein_logo_ic(c);
        for (int a = 0; a < K; a++) n += c[a];
        if (n <= 0 || ic <= 0) continue;
        int order[K];
        for (int a = 0; a < K; a++) order[a] = a;
        /* smallest first, so the largest ends on top */
        for (int i = 1; i < K; i++)
            for (int j = i; j > 0 && c[order[j]] < c[order[j - 1]]; j--) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        double y = base, x = LEFT + k * COL_W;
        for (int i = 0; i < K; i++) {
            int a = order[i];
            double h = c[a] / n * ic * BIT_H;
            if (h < 0.5) continue;
            char r = PG_PROTEIN_ALPHABET[a];
            /* a 10 px glyph stretched to h px tall and COL_W wide */
            pg_text_buffer_printf(b, "<text transform=\"translate(%.2f "
                                  "%.2f) scale(%.3f %.3f)\" font-size=\"10\" "
                                  "fill=\"%s\">%c</text>\n", x, y,
                                  COL_W / 7.0, h / (10 * CAP_H), colour(r),
                                  r);
            y -= h;
        }
        if (k % 10 == 0)
            pg_text_buffer_printf(b, "<text x=\"%.1f\" y=\"%.1f\" "
                                  "font-size=\"8\">%d</text>\n", x,
                                  base + 12, k + 1);
    }
    pg_text_buffer_append(b, "</svg></div>\n");
}
