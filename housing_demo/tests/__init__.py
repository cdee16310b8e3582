from . import (
    test_demo_cesf,
    test_demo_insertion,
    test_generator,
)
