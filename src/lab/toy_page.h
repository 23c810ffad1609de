/* The 2D GAN lab's page: one self-contained HTML document (inline CSS and
 * JS, canvas drawing, no network resources) that draws toy_frame.h JSON.
 * A page is  pg_toy_page_head + DATA + pg_toy_page_tail  where DATA is a
 * JSON object placed inside <script type="application/json">:
 *   replay  {"live":false,"header":{...},"curve":[[step,loss_g,loss_d]...],
 *            "frames":[{...}...]}    (toy_replay.h)
 *   live    {"live":true}: the page polls ./state and posts to ./control
 *            (toy_server.h).
 * DATA must not contain "</" (numbers and fixed names never do). */
#ifndef PG_TRAIN_TOY_PAGE_H
#define PG_TRAIN_TOY_PAGE_H

extern const char pg_toy_page_head[];
extern const char pg_toy_page_tail[];

#endif
