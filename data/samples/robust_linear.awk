# Synthetic regression table for `physgan robust` (docs/robust.md).
# y = 3 + 2 x1 - x2 + 0.5 x3 + noise, x_j ~ N(0, 1), noise ~ N(0, 0.5^2)
# except every 20th row, whose noise is N(0, 5^2) (outliers, for Huber).
# Deterministic on every awk: Park-Miller generator (products < 2^46 stay
# exact in doubles) and Box-Muller normals. Usage:
#   awk -v n=200 -v seed=1 -f robust_linear.awk > robust_linear.csv
function unif() { s = (16807 * s) % 2147483647; return s / 2147483647 }
function gauss(  u, v) {
    u = unif(); v = unif()
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v)
}
BEGIN {
    if (n == "") n = 200
    s = (seed == "" ? 1 : seed) % 2147483646 + 1
    print "x1,x2,x3,y"
    for (i = 1; i <= n; i++) {
        x1 = gauss(); x2 = gauss(); x3 = gauss()
        e = (i % 20 == 0 ? 5 : 0.5) * gauss()
        printf "%.6f,%.6f,%.6f,%.6f\n", x1, x2, x3, 3 + 2 * x1 - x2 + 0.5 * x3 + e
    }
}
