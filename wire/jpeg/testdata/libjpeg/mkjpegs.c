/*
 * mkjpegs writes the JPEGs beside it with libjpeg (Debian 12's
 * libjpeg62-turbo 2.1.5, built with arithmetic coding), features Pillow and
 * image/jpeg cannot write; the output is the same from run to run:
 *
 *	cd wire/jpeg/testdata/libjpeg && gcc -O2 -o /tmp/mkjpegs mkjpegs.c -ljpeg && /tmp/mkjpegs
 *
 * arith.jpg             sequential arithmetic (SOF9), 4:2:0, with a DAC of
 *                       non-default conditioning (DC L=1 U=4, AC K=3)
 * arith-progressive.jpg progressive arithmetic (SOF10), default conditioning
 * restart.jpg           baseline Huffman with a restart interval (DRI) of 2
 *                       MCUs, RST markers in the scan
 *
 * Each is the 64x48 quadrant image of package wiretest: red, green / blue,
 * yellow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

enum { W = 64, H = 48 };

static void quadrant(int x, int y, JSAMPLE *p) {
	int left = x < W / 2, top = y < H / 2;
	p[0] = (top && left) || (!left && !top) ? 255 : 0;
	p[1] = !left ? 255 : 0;
	p[2] = left && !top ? 255 : 0;
}

static void write(const char *name, int arith, int progressive, int dac, int restart) {
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	FILE *f = fopen(name, "wb");
	if (f == NULL) {
		perror(name);
		exit(1);
	}
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = W;
	c.image_height = H;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 90, TRUE);
	c.arith_code = arith;
	if (progressive) {
		jpeg_simple_progression(&c);
	}
	if (dac) {
		for (int i = 0; i < 2; i++) {
			c.arith_dc_L[i] = 1;
			c.arith_dc_U[i] = 4;
			c.arith_ac_K[i] = 3;
		}
	}
	c.restart_interval = restart;
	jpeg_start_compress(&c, TRUE);
	JSAMPLE row[W * 3];
	while (c.next_scanline < H) {
		for (int x = 0; x < W; x++) {
			quadrant(x, c.next_scanline, row + 3 * x);
		}
		JSAMPROW rows[1] = {row};
		jpeg_write_scanlines(&c, rows, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	fclose(f);
}

int main(void) {
	write("arith.jpg", 1, 0, 1, 0);
	write("arith-progressive.jpg", 1, 1, 0, 0);
	write("restart.jpg", 0, 0, 0, 2);
	return 0;
}
