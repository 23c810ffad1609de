/* Entry point of the layer checks (CMakeLists.txt, physgan_layer): each
 * layer's static library is linked whole into a program with this main and
 * the layers it may use, so that a reference to a layer above it is an
 * undefined symbol at link time. The programs are never run. */
int main(void) { return 0; }
