"""render/experiments"""
