"""Shared pytest setup.

`IN_TEST` shrinks the notebooks' long work. nbdev's `test_nb` sets it only when it starts a notebook, but
`marl_jepa.core.IN_TEST` is read once, when the package is first imported, and other test modules import the
package while pytest collects them. So set it here, before any test module is imported."""
import os

os.environ['IN_TEST'] = '1'
