"""The notebook's producer and consumer, In [13] to In [19], as a script.

    python3 -u reference/python/py_producer_consumer.py            # the notebook: never ends (Ctrl-C)
    python3 -u reference/python/py_producer_consumer.py --bounded  # the consumer stops after the last item
    python3 -u reference/python/py_producer_consumer.py --trace    # JSON Lines (bounded), for xtask compare

The notebook's consumer runs forever, so its join never returns. That is the lesson's flaw, kept
as the default here; --bounded (implied by --trace) stops it the Python 3.11 way, with a
sentinel put after the last item (3.13 adds Queue.shutdown(), which the Rust demo mirrors).
"""

import sys
from queue import Queue
from threading import Thread

import lab_trace

BOUNDED = lab_trace.TRACE or "--bounded" in sys.argv
DONE = None  # the sentinel


def put(q, item):
    """q.put(item), recorded as a call and a return: the operation's interval, which the
    checker needs to decide linearizability (the vocabulary of interleaving::linear)."""
    lab_trace.emit("call", f"put {item}")
    q.put(item)
    lab_trace.emit("ret", "put ok")


def get(q):
    """q.get(), recorded as a call and a return (with the item got)."""
    lab_trace.emit("call", "get")
    item = q.get()
    lab_trace.emit("ret", f"get {item}")
    return item


# In [14]
def producer(q):
    for i in range(5):
        lab_trace.emit("put", i)
        put(q, i)
        print("Published", i)


def consumer(q):
    n = 0
    while True:  # Runs indefinitely, keeps on consuming
        i = get(q)
        if i is DONE:
            lab_trace.emit("exit", "shutdown")
            return n
        lab_trace.emit("get", i)
        print("Consumed", i)
        n += 1


def main():
    lab_trace.lesson("producer-consumer")
    lab_trace.cell("producer-consumer", items=5)
    # In [15]
    q = Queue()
    counted = []
    producer_thread = Thread(target=producer, args=(q,), name="producer")
    consumer_thread = Thread(
        target=lambda: counted.append(consumer(q)), name="consumer", daemon=not BOUNDED
    )
    # In [16], In [17]
    consumer_thread.start()
    lab_trace.emit("start", "consumer")
    producer_thread.start()
    lab_trace.emit("start", "producer")
    # In [18]
    producer_thread.join()
    lab_trace.emit("join", "producer")
    if not BOUNDED:
        # In [19]: consumer_thread.join() would never return. Wait like the notebook's
        # kernel does, until Ctrl-C.
        try:
            consumer_thread.join()
        except KeyboardInterrupt:
            print("\nstopped by Ctrl-C; the consumer was still waiting for an item")
        return
    lab_trace.emit("shutdown", "graceful")
    put(q, DONE)
    consumer_thread.join()
    lab_trace.emit("join", "consumer")
    print(f"consumer_thread.join() returned: it consumed {counted[0]} items")
    lab_trace.end("producer-consumer")


if __name__ == "__main__":
    main()
